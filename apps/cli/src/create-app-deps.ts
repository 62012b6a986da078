import type { CatalogStatus, CliDeps, CliIo, OpenedLedger } from '@tokenwise/cli';
import type { ModelRegistry, RefreshResult, TokenwiseConfig } from '@tokenwise/core';

/** Longest wait for a live catalog refresh when the one in use is older than `TOKENWISE_CACHE_TTL`. */
export const STALE_REFRESH_TIMEOUT_MS = 1500;

/** The provider key variables; `plan --execute` stops at once when none is set. */
export const PROVIDER_KEY_VARIABLES = [
  'OPENROUTER_API_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GOOGLE_API_KEY',
] as const;

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

  let registrySnapshot:
    | { registry: ModelRegistry; settings: { cacheFile: string; localModelsFile: string | undefined } }
    | undefined;
  let refreshOutcome: CatalogStatus['refresh'];
  let staleRefresh: Promise<void> | undefined;
  const describeRefresh = (ready: ModelRegistry, result: RefreshResult, before: number) => {
    // The registry's own warning says why (offline, HTTP status, a much smaller catalog): keep its words.
    const reason = ready.warnings.slice(before).at(-1);
    refreshOutcome = { ok: result.ok, ...(reason === undefined || result.ok ? {} : { error: reason }) };
    // A catalog that shrank is worth a warning on every path; an offline refresh only in --verbose/--json.
    if (result.smaller && reason !== undefined) warn(reason);
  };

  const loadRegistry: CliDeps['loadRegistry'] = async (request = {}) => {
    registry ??= Promise.all([loadConfig(), import('./load-settings.js')]).then(
      async ([settings, { openRegistry, catalogCachePath }]) => {
        const opened = await openRegistry(env, settings);
        registrySnapshot = {
          registry: opened,
          settings: { cacheFile: catalogCachePath(env), localModelsFile: settings.localModelsFile },
        };
        return opened;
      },
    );
    const ready = await registry;
    if (ready.source === 'local') return ready;
    if (request.refresh) {
      const before = ready.warnings.length;
      // Asked for by the user: a deliberately small endpoint is accepted, with a warning naming the cache file.
      const result = await ready.refresh({
        acceptSmaller: true,
        ...(request.signal === undefined ? {} : { signal: request.signal }),
      });
      describeRefresh(ready, result, before);
      if (!result.ok) {
        warn(
          `could not refresh the catalog; showing the ${ready.source} catalog (${ready.models().length} models).`,
        );
      }
      return ready;
    }
    const settings = await loadConfig();
    const ttlMs = settings.cacheTtlSeconds * 1000;
    if (Date.now() - ready.fetchedAt >= ttlMs) {
      // Older than TOKENWISE_CACHE_TTL: one short try at the live catalog, then the cache or the bundled snapshot.
      // A failed try is remembered for one TTL, so an offline machine pays the timeout once, not on every command.
      staleRefresh ??= (async () => {
        const { catalogCachePath, lastFailedRefresh, rememberFailedRefresh } = await import(
          './load-settings.js'
        );
        const cacheFile = catalogCachePath(env);
        const failedAt = await lastFailedRefresh(cacheFile);
        if (failedAt !== undefined && Date.now() - failedAt < ttlMs) {
          refreshOutcome = {
            ok: false,
            error: `skipped: the last live refresh failed at ${new Date(failedAt).toISOString()} (retried after TOKENWISE_CACHE_TTL)`,
          };
          return;
        }
        const before = ready.warnings.length;
        const timeout = AbortSignal.timeout(STALE_REFRESH_TIMEOUT_MS);
        const result = await ready.refresh({ signal: AbortSignal.any([io.signal, timeout]) });
        describeRefresh(ready, result, before);
        // Offline, an HTTP error, or a much smaller catalog kept out: warn and wait once per TTL, not every command.
        if (!result.ok) await rememberFailedRefresh(cacheFile);
      })();
      await staleRefresh;
    }
    return ready;
  };

  const catalogStatus = (): CatalogStatus | undefined => {
    const ready = registrySnapshot;
    if (ready === undefined) return undefined;
    const { registry: models, settings } = ready;
    const cacheFile = settings.cacheFile;
    return {
      source: models.source,
      fetchedAt: models.fetchedAt,
      models: models.models().length,
      ...(models.source === 'local'
        ? settings.localModelsFile === undefined
          ? {}
          : { location: settings.localModelsFile }
        : models.source === 'bundled'
          ? {}
          : { location: cacheFile }),
      ...(refreshOutcome === undefined ? {} : { refresh: refreshOutcome }),
    };
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
    catalogStatus,
    missingProviderKeys(settings) {
      const keys = [
        settings.openrouterApiKey,
        settings.openaiApiKey,
        settings.anthropicApiKey,
        settings.googleApiKey,
      ];
      return keys.some((key) => key !== undefined && key.trim() !== '') ? undefined : PROVIDER_KEY_VARIABLES;
    },
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
      return startServer({ host, port, config: settings, env, registry: models, ledger: opened, version });
    },
    extraCommands: {
      // `tokenwise bench pareto …`: the same command as the `tokenwise-bench` bin, composed from the same settings.
      bench: async () => {
        const [{ composeBenchDeps, createBenchCommand }, { defaultPaths }, { readConfigText }] =
          await Promise.all([
            import('@tokenwise/bench'),
            import('@tokenwise/core/node'),
            import('./load-settings.js'),
          ]);
        const path = defaultPaths(env).configFile;
        const text = await readConfigText(path);
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
