import type { CliDeps, CliIo, OpenedLedger } from '@tokenwise/cli';
import type { ModelRegistry, TokenwiseConfig } from '@tokenwise/core';

/** Inputs of {@link createAppDeps}: the process's environment and terminal. */
export interface AppDepsOptions {
  env: Readonly<Record<string, string | undefined>>;
  io: CliIo;
  version: string;
}

/**
 * The composition root of the `tokenwise` binary: settings from the environment and the config file, the
 * registry with its on-disk catalog cache, the JSONL ledger, and (only for `plan` and `serve`) the providers.
 * Everything is imported and built on first use and then reused for the rest of the command.
 */
export function createAppDeps(options: AppDepsOptions): CliDeps {
  const { env, io, version } = options;
  const warn = (message: string) => io.stderr(`warning: ${message}\n`);
  let config: Promise<TokenwiseConfig> | undefined;
  let registry: Promise<ModelRegistry> | undefined;
  let ledger: Promise<OpenedLedger> | undefined;

  const loadConfig = () => {
    config ??= import('./load-settings.js').then(async ({ readSettings }) => {
      const loaded = await readSettings(env);
      for (const warning of loaded.warnings) warn(warning);
      return loaded;
    });
    return config;
  };

  const loadRegistry: CliDeps['loadRegistry'] = async (request = {}) => {
    registry ??= Promise.all([loadConfig(), import('./load-settings.js')]).then(
      ([settings, { openRegistry }]) => openRegistry(env, settings),
    );
    const ready = await registry;
    if (request.refresh && ready.source !== 'local') {
      const result = await ready.refresh(request.signal === undefined ? {} : { signal: request.signal });
      if (!result.ok) {
        warn(
          `could not refresh the catalog; showing the ${ready.source} catalog (${ready.models().length} models).`,
        );
      }
    }
    return ready;
  };

  const openLedger = () => {
    ledger ??= (async () => {
      const [settings, { createJsonlLedgerStore, defaultLedgerPath }] = await Promise.all([
        loadConfig(),
        import('@tokenwise/ledger/node'),
      ]);
      // The config file's `ledger_path` counts like TOKENWISE_LEDGER_PATH (env wins inside loadConfig).
      const path = defaultLedgerPath({ ...env, TOKENWISE_LEDGER_PATH: settings.ledgerPath });
      const store = createJsonlLedgerStore({ path, onWarning: (warning) => warn(warning.message) });
      return { store, location: path };
    })();
    return ledger;
  };

  // Keys and teams need a database; without TOKENWISE_DATABASE_URL the command says so (nothing to persist them).
  const openKeyStore: CliDeps['openKeyStore'] = async () => {
    const settings = await loadConfig();
    if (settings.databaseUrl === undefined) return undefined;
    const { createPostgresStores } = await import('@tokenwise/store-postgres');
    const stores = await createPostgresStores({
      url: settings.databaseUrl,
      schema: settings.databaseSchema,
      ledger: false,
      maxConnections: 2,
    });
    return {
      keyStore: stores.keyStore,
      budgetStore: stores.budgetStore,
      location: stores.displayUrl,
      close: () => stores.close(),
    };
  };

  return {
    version,
    io,
    loadConfig,
    loadRegistry,
    openLedger,
    openKeyStore,
    async createPlanService({ registry: models, config: settings }) {
      const [{ composeProviders }, { createPlanService }] = await Promise.all([
        import('./compose-providers.js'),
        import('./create-plan-service.js'),
      ]);
      return createPlanService({
        registry: models,
        config: settings,
        providers: await composeProviders(settings),
      });
    },
    async startServer({ host, port, config: settings }) {
      const [{ startServer }, models, opened] = await Promise.all([
        import('./start-server.js'),
        loadRegistry(),
        openLedger(),
      ]);
      return startServer({ host, port, config: settings, registry: models, ledger: opened, version, warn });
    },
    extraCommands: {
      // `tokenwise bench pareto …`: the same command as the `tokenwise-bench` bin, composed from the same settings.
      bench: async () => {
        const [{ composeBenchDeps, createBenchCommand }, { defaultPaths, readConfigFile }] =
          await Promise.all([import('@tokenwise/bench'), import('@tokenwise/core/node')]);
        const path = defaultPaths(env).configFile;
        const text = await readConfigFile(path);
        const deps = composeBenchDeps({
          env,
          io: { stdout: io.stdout, stderr: io.stderr, stderrIsTTY: io.stderrIsTTY, signal: io.signal },
          ...(text === undefined ? {} : { configFile: { text, path } }),
        });
        return createBenchCommand(deps, { version });
      },
    },
  };
}
