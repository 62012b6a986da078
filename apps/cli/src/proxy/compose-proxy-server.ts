import {
  assertRiskAcceptable,
  countInputTokensUpperBound,
  createBudget,
  createLazyTokenizer,
  createProviderResolver,
  createRouter,
  describeError,
  type ModelRegistry,
  type TokenwiseConfig,
} from '@tokenwise/core';
import type { ProxyApp, ProxyDeps, ProxyLogger } from '@tokenwise/proxy';
import type { BudgetStore, KeyStore, LedgerStore, Message } from '@tokenwise/spec';
import type { DestinationStream, Logger } from 'pino';
import { composeProviders } from '../compose-providers.js';
import {
  createPrometheusMetrics,
  createRequestLogger,
  type PrometheusMetrics,
  providerKeyStatus,
} from '../observe/index.js';
import { startTracing } from '../observe/start-tracing.js';
import { openStores } from './open-stores.js';

/** Options of {@link composeProxyServer}. */
export interface ComposeProxyServerOptions {
  /** Names the server in the start-up line: `tokenwise serve` or `apps/proxy`. */
  server: string;
  version: string;
  /** The environment: only which provider key variables are set is read (for the start-up line). */
  env: Readonly<Record<string, string | undefined>>;
  /** The address the server will bind: a loopback one turns on the Host guard (DNS rebinding). */
  host: string;
  /** The catalog; default: the on-disk cache or bundled snapshot (`openRegistry`). */
  registry?: ModelRegistry;
  /** The ledger; default: the JSONL file of `TOKENWISE_LEDGER_PATH` (or `~/.config/tokenwise/ledger.jsonl`). */
  ledger?: { store: LedgerStore; location: string };
  /** Virtual keys and budgets (e.g. from the PostgreSQL stores); mounts the admin API with both. */
  stores?: { keyStore?: KeyStore; budgetStore?: BudgetStore; location?: string };
  /** The upstream client; default: one pooled undici client, closed with the server. */
  fetch?: typeof globalThis.fetch;
  /** Where the JSON log lines go (default: standard output). */
  logDestination?: DestinationStream;
  /**
   * Prometheus metrics (default true). `false` leaves the registry unfed and unserved: for embedders that scrape
   * nothing, and for the benchmark that prices metrics on vs off.
   */
  metrics?: boolean;
}

/** Everything a server needs, composed from the settings. */
export interface ComposedProxyServer {
  app: ProxyApp;
  /** `tokenwise serve` or `apps/proxy` (the start-up line names it). */
  server: string;
  version: string;
  /** The structured logger (pino): request lines, start-up, warnings. */
  logger: Logger;
  /** The Prometheus registry fed by every record; served by the app or on `TOKENWISE_METRICS_PORT`. */
  metrics: PrometheusMetrics;
  settings: TokenwiseConfig;
  registry: ModelRegistry;
  ledgerLocation: string;
  budgetStoreLocation: string | undefined;
  providers: readonly string[];
  /** Which provider key variables are set (names only). */
  providerKeys: ReturnType<typeof providerKeyStatus>;
  /** Stops the catalog refresh and closes the upstream client (after the ledger was flushed). */
  close(): Promise<void>;
  /** One line: providers, catalog, ledger, auth. Never a key. */
  describe(): string;
}

/**
 * THE composition of a TokenWise proxy, shared by `tokenwise serve` and `apps/proxy` so they cannot drift: the
 * providers (a direct vendor only when its key is set, OpenRouter always) over one pooled upstream client, the
 * tokenizers, router and resolver, the ledger, the request logger and Prometheus metrics fed by every record,
 * the dashboard deps, and the background catalog refresh. Both servers get the same settings, defaults, guards
 * and log lines from here.
 */
export async function composeProxyServer(
  settings: TokenwiseConfig,
  options: ComposeProxyServerOptions,
): Promise<ComposedProxyServer> {
  const [{ createProxyApp, isLoopbackHost }, { createUpstreamFetch }] = await Promise.all([
    import('@tokenwise/proxy'),
    import('@tokenwise/provider-utils/node'),
  ]);
  const requestLogger = createRequestLogger({
    level: settings.logLevel,
    ...(options.logDestination === undefined ? {} : { destination: options.logDestination }),
  });
  const { logger } = requestLogger;
  const registry = options.registry ?? (await openDefaultRegistry(options.env, settings));
  // With TOKENWISE_DATABASE_URL every store is on PostgreSQL (shared by replicas); without it the ledger is the
  // JSONL file and budgets and keys live in memory.
  const opened =
    options.stores === undefined && settings.databaseUrl !== undefined
      ? await openStores({
          databaseUrl: settings.databaseUrl,
          databaseSchema: settings.databaseSchema,
          ledgerPath: '',
          onSettleWarning: ({ reservationId, message, error }) =>
            logger.warn(
              { reservationId, ...(error === undefined ? {} : { error: describeError(error).message }) },
              message,
            ),
        })
      : undefined;
  for (const warning of opened?.warnings ?? []) logger.warn(warning);
  const ledger =
    opened !== undefined
      ? { store: opened.ledgerStore, location: opened.location }
      : (options.ledger ?? (await openDefaultLedger(options.env, settings, logger)));
  const embedded =
    options.stores === undefined &&
    opened === undefined &&
    settings.adminKey !== undefined &&
    settings.proxyKeys.length === 0
      ? await openStores({ ledgerPath: ledger.location })
      : undefined;
  // Virtual keys at the doors: always with a database; in memory only when an admin key can create them and no
  // static TOKENWISE_PROXY_KEYS are set (the simple case stays as it was).
  const stores = options.stores ?? opened ?? embedded;
  const leaseText = options.env.TOKENWISE_RESERVATION_LEASE_MS;
  const leaseMs = leaseText === undefined || leaseText === '' ? undefined : Number(leaseText);
  if (leaseMs !== undefined && !(Number.isSafeInteger(leaseMs) && leaseMs > 0)) {
    throw new Error(
      `TOKENWISE_RESERVATION_LEASE_MS must be a positive whole number of milliseconds (got "${leaseText}").`,
    );
  }
  const tracing = await startTracing(options.env, { name: options.server, version: options.version });
  // Every provider calls upstream through one pooled undici client (about half the CPU of Node's fetch per
  // call) unless a fetch is injected.
  const upstream = options.fetch === undefined ? createUpstreamFetch() : undefined;
  const fetch = options.fetch ?? upstream?.fetch;
  const providers = await composeProviders(settings, fetch === undefined ? {} : { fetch });
  const resolver = createProviderResolver({ providers, registry });
  // Exact OpenAI-family counts (and o200k as the base of other vendors' bound) need the tokenizer tables, tens of
  // MiB of heap an idle server should not hold: o200k loads before the first model request is served (~0.5 s
  // once), cl100k (older gpt-3.5/gpt-4 models only) when a count first needs it.
  const o200k = createLazyTokenizer('o200k_base');
  const tokenizers = [o200k, createLazyTokenizer('cl100k_base')];
  const metrics = createPrometheusMetrics({ isKnownModel: (id) => registry.get(id) !== undefined });
  const proxyLogger: ProxyLogger = {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
  const riskGate = settings.riskGate;
  const deps: ProxyDeps = {
    registry,
    router: createRouter({ models: registry, defaultStrategy: settings.defaultStrategy, tokenizers }),
    resolve: (modelId) => resolver.resolve(modelId),
    ledger: ledger.store,
    defaultStrategy: settings.defaultStrategy,
    defaultBudget: settings.defaultBudget,
    modelAliases: settings.modelAliases,
    defaultMaxOutputTokens: settings.defaultMaxOutputTokens,
    // Every billed input token, bounded from above: exact for OpenAI models with these tables.
    countInputTokens: (call, context) =>
      countInputTokensUpperBound(call, { modelId: context.modelId, tokenizers }),
    prepare: () => (o200k.loaded ? undefined : o200k.load()),
    ...(settings.proxyProcessBudget === undefined
      ? {}
      : { processBudget: createBudget({ limit: settings.proxyProcessBudget, label: 'process' }) }),
    apiKeys: settings.proxyKeys,
    maxBodyBytes: settings.proxyMaxBodyBytes,
    corsOrigins: settings.proxyCorsOrigins,
    // bound to loopback: refuse foreign Host names (DNS rebinding)
    loopbackOnly: isLoopbackHost(options.host),
    explicitModelFailover: settings.proxyExplicitFailover,
    minOutputTokens: settings.minOutputTokens,
    escalationPolicy: settings.escalationPolicy,
    version: options.version,
    ...(riskGate.enabled
      ? { checkRequest: (prompt: Message[]) => void assertRiskAcceptable(lastUserText(prompt), riskGate) }
      : {}),
    onRecord:
      options.metrics === false
        ? (record) => requestLogger.onRecord(record)
        : (record) => {
            requestLogger.onRecord(record);
            metrics.onRecord(record);
          },
    logger: proxyLogger,
    ...(settings.adminKey === undefined ? {} : { adminKey: settings.adminKey }),
    // On its own port (TOKENWISE_METRICS_PORT) the registry is served by `serveProxy`, not by the app.
    ...(settings.metricsPort === undefined && options.metrics !== false
      ? { metrics, metricsAuth: settings.metricsAuth }
      : {}),
    ...(stores?.keyStore === undefined ? {} : { keyStore: stores.keyStore }),
    ...(stores?.budgetStore === undefined ? {} : { budgetStore: stores.budgetStore }),
    ...(leaseMs === undefined ? {} : { reservationLeaseMs: leaseMs }),
  };
  const app = createProxyApp(deps);
  // The dashboard's first query would build the aggregation index; build it now, in the background.
  void ledger.store.aggregate?.({ top: 0 }).catch(() => {});

  const stopRefresh = startCatalogRefresh(registry, settings, (warning) => logger.warn(warning));
  const providerIds = Object.keys(providers);
  return {
    app,
    server: options.server,
    version: options.version,
    logger,
    metrics,
    settings,
    registry,
    ledgerLocation: ledger.location,
    budgetStoreLocation: stores?.location,
    providers: providerIds,
    providerKeys: providerKeyStatus(options.env),
    async close() {
      stopRefresh();
      await opened?.close();
      await embedded?.close();
      await upstream?.close();
      await tracing?.shutdown();
    },
    describe: () =>
      `providers: ${providerIds.join(', ')}; catalog: ${registry.source}, ${registry.models().length} models; ledger: ${ledger.location}; auth: ${stores?.keyStore !== undefined ? 'virtual keys' : settings.proxyKeys.length > 0 ? 'on' : 'off'}`,
  };
}

/**
 * Requests never wait for the network: the catalog in use serves them while the live one loads in the
 * background now (unless a fresh cache was found) and every TTL; a failed refresh keeps the current models.
 * Each refresh's new warnings are logged (a live catalog much smaller than the one in use is kept out, and the
 * warning names the source and the cache file). Returns the stop function.
 */
function startCatalogRefresh(
  registry: ModelRegistry,
  settings: TokenwiseConfig,
  warn: (message: string) => void,
): () => void {
  if (registry.source === 'local') return () => {};
  const refresher = new AbortController();
  let reported = registry.warnings.length;
  const refresh = () =>
    void registry.refresh({ signal: refresher.signal }).then(() => {
      for (const warning of registry.warnings.slice(reported)) warn(warning);
      reported = registry.warnings.length;
    });
  const ttlMs = Math.max(60, settings.cacheTtlSeconds) * 1000;
  if (registry.source !== 'cache' || Date.now() - registry.fetchedAt >= ttlMs) refresh();
  const timer = setInterval(refresh, ttlMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    refresher.abort();
  };
}

async function openDefaultRegistry(
  env: Readonly<Record<string, string | undefined>>,
  settings: TokenwiseConfig,
): Promise<ModelRegistry> {
  const { openRegistry } = await import('../load-settings.js');
  return openRegistry(env, settings);
}

async function openDefaultLedger(
  env: Readonly<Record<string, string | undefined>>,
  settings: TokenwiseConfig,
  logger: Logger,
): Promise<{ store: LedgerStore; location: string }> {
  const { createJsonlLedgerStore, defaultLedgerPath } = await import('@tokenwise/ledger/node');
  // The config file's `ledger_path` counts like TOKENWISE_LEDGER_PATH (env wins inside loadConfig).
  const location = defaultLedgerPath({ ...env, TOKENWISE_LEDGER_PATH: settings.ledgerPath });
  const store = createJsonlLedgerStore({
    path: location,
    onWarning: (warning) => logger.warn(warning.message),
  });
  return { store, location };
}

function lastUserText(prompt: readonly Message[]): string {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index]!;
    if (message.role === 'user') {
      return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    }
  }
  return '';
}
