import type { CliDeps, CliIo, OpenedLedger } from '@tokenwise/cli';
import type { ModelRegistry, TokenwiseConfig } from '@tokenwise/core';

/** How old a cached catalog may be and still be read by a command: ten years, i.e. always. */
export const CACHE_READ_TTL_SECONDS = 10 * 365 * 24 * 3600;

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
    config ??= (async () => {
      const [{ loadConfig: load }, { defaultPaths, readConfigFile }] = await Promise.all([
        import('@tokenwise/core'),
        import('@tokenwise/core/node'),
      ]);
      const path = defaultPaths(env).configFile;
      const text = await readConfigFile(path);
      // Port 0 (any free port, as in apps/proxy) is valid for the server but not in the shared settings.
      const anyPort = env.TOKENWISE_PROXY_PORT?.trim() === '0';
      const loaded = load({
        env: anyPort ? { ...env, TOKENWISE_PROXY_PORT: undefined } : env,
        ...(text === undefined ? {} : { fileText: text }),
        filePath: path,
      });
      for (const warning of loaded.warnings) warn(warning);
      return anyPort ? { ...loaded, proxyPort: 0 } : loaded;
    })();
    return config;
  };

  const loadRegistry: CliDeps['loadRegistry'] = async (request = {}) => {
    registry ??= (async () => {
      const [settings, { createModelRegistry }, node] = await Promise.all([
        loadConfig(),
        import('@tokenwise/core'),
        import('@tokenwise/core/node'),
      ]);
      const local = settings.localModelsFile;
      const created = createModelRegistry({
        ...(local === undefined ? {} : { models: await node.loadLocalModelsFile(local) }),
        baseURL: settings.openrouterBaseURL,
        ...(settings.openrouterApiKey === undefined ? {} : { apiKey: settings.openrouterApiKey }),
        cache: node.createFileCatalogCache(node.defaultPaths(env).catalogCache),
        // Commands never refresh on their own, so a cached live catalog (from `models --refresh` or `serve`) of
        // any age is newer than the bundled snapshot and should be used; `serve` refreshes by age itself.
        ttlSeconds: CACHE_READ_TTL_SECONDS,
        overrides: settings.modelOverrides,
      });
      // A fresh on-disk cache (written by `models --refresh` or the proxy) wins over the bundled snapshot.
      // Nothing here goes to the network unless asked: `route` must work offline and start fast.
      await created.ready();
      return created;
    })();
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

  return {
    version,
    io,
    loadConfig,
    loadRegistry,
    openLedger,
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
