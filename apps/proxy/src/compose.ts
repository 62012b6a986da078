import {
  assertRiskAcceptable,
  createBudget,
  createModelRegistry,
  createProviderResolver,
  createRouter,
} from '@tokenwise/core';
import { createFileCatalogCache, defaultPaths, loadLocalModelsFile } from '@tokenwise/core/node';
import { createUpstreamFetch } from '@tokenwise/provider-utils/node';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { createGoogle } from '@tokenwise/providers-google';
import { createOpenAI } from '@tokenwise/providers-openai';
import { createOpenRouter } from '@tokenwise/providers-openrouter';
import { createProxyApp, isLoopbackHost, type ProxyApp, type ProxyLogger } from '@tokenwise/proxy';
import type { Message, ProviderV1 } from '@tokenwise/spec';
import type { ProxyEnv } from './env.js';
import { openStores } from './open-stores.js';
import { VERSION } from './version.js';

/** The composed proxy, ready to serve. */
export interface ComposedProxy {
  app: ProxyApp;
  /** Stops the catalog refresh, waits for in-flight ledger writes and closes the ledger file. */
  close(): Promise<void>;
  /** One line for the startup log: providers, catalog, ledger. Never contains a key. */
  describe(): string;
}

/** Options of {@link composeProxy} (tests inject `fetch` to reach mock upstreams). */
export interface ComposeOptions {
  /** The upstream client; default: the pooled undici client of `createUpstreamFetch`. */
  fetch?: typeof globalThis.fetch;
  logger?: ProxyLogger;
  /** Skip the live catalog and its on-disk cache (tests, offline). */
  offline?: boolean;
}

/**
 * Builds everything the proxy needs from its settings: providers (direct ones only when their key is set, since a
 * registered vendor takes all its models; OpenRouter always), the registry (bundled catalog at once, disk cache
 * before listening, live refresh in the background), the router, the resolver and the JSONL ledger. The only
 * place that knows concrete providers.
 */
export async function composeProxy(env: ProxyEnv, options: ComposeOptions = {}): Promise<ComposedProxy> {
  // Upstream calls go through one pooled undici client unless a fetch is injected (tests reach mocks that way).
  const upstream = options.fetch === undefined ? createUpstreamFetch() : undefined;
  const fetch = options.fetch ?? upstream?.fetch;
  const logger: ProxyLogger = options.logger ?? {
    info: (message, fields) => console.log(message, fields ?? ''),
    warn: (message, fields) => console.warn(message, fields ?? ''),
    error: (message, fields) => console.error(message, fields ?? ''),
  };
  const { openai, anthropic, google, openrouter } = env.providers;
  const settings = (p: { apiKey: string | undefined; baseURL: string | undefined }) => ({
    ...(p.apiKey === undefined ? {} : { apiKey: p.apiKey }),
    ...(p.baseURL === undefined ? {} : { baseURL: p.baseURL }),
    ...(fetch === undefined ? {} : { fetch }),
  });
  const providers: Record<string, ProviderV1> = {
    ...(openai.apiKey ? { openai: createOpenAI(settings(openai)) } : {}),
    ...(anthropic.apiKey ? { anthropic: createAnthropic(settings(anthropic)) } : {}),
    ...(google.apiKey ? { google: createGoogle(settings(google)) } : {}),
    openrouter: createOpenRouter(settings(openrouter)),
  };

  const paths = defaultPaths();
  const local = env.localModelsPath;
  const registry = createModelRegistry({
    ...(local === undefined ? {} : { models: await loadLocalModelsFile(local) }),
    ...(openrouter.baseURL === undefined ? {} : { baseURL: openrouter.baseURL }),
    ...(openrouter.apiKey === undefined ? {} : { apiKey: openrouter.apiKey }),
    ...(fetch === undefined ? {} : { fetch }),
    ...(options.offline ? {} : { cache: createFileCatalogCache(paths.catalogCache) }),
    ttlSeconds: env.cacheTtlSeconds,
    overrides: env.modelOverrides,
    onWarning: (message) => logger.warn(message),
  });
  // Requests never wait for the network: the bundled (or fresh cached) catalog serves them while the live one
  // loads in the background, now and every TTL; a failed refresh keeps the current models.
  let refreshTimer: ReturnType<typeof setInterval> | undefined;
  if (!options.offline && local === undefined) {
    await registry.ready();
    if ((registry.source as string) !== 'cache') void registry.refresh();
    refreshTimer = setInterval(() => void registry.refresh(), Math.max(60, env.cacheTtlSeconds) * 1000);
    refreshTimer.unref();
  }

  const router = createRouter({ models: registry, defaultStrategy: env.defaultStrategy });
  const resolver = createProviderResolver({ providers, registry });
  const ledgerPath = env.ledgerPath ?? paths.ledger;
  const stores = await openStores({
    databaseUrl: env.databaseUrl,
    databaseSchema: env.databaseSchema,
    ledgerPath,
  });
  for (const warning of stores.warnings) logger.warn(warning);
  // Virtual keys at the doors: always with a database; in memory only when an admin key can create them and no
  // static TOKENWISE_PROXY_KEYS are set (the simple case stays as it was).
  const virtualKeys = stores.kind === 'postgres' || (env.adminKey !== undefined && env.keys.length === 0);
  const riskGate = env.riskGate;

  const app = createProxyApp({
    registry,
    router,
    resolve: (modelId) => resolver.resolve(modelId),
    ledger: stores.ledgerStore,
    ...(virtualKeys
      ? {
          keyStore: stores.keyStore,
          budgetStore: stores.budgetStore,
          ...(env.reservationLeaseMs === undefined ? {} : { reservationLeaseMs: env.reservationLeaseMs }),
        }
      : {}),
    ...(env.adminKey === undefined ? {} : { adminKey: env.adminKey }),
    defaultStrategy: env.defaultStrategy,
    defaultBudget: env.defaultBudget,
    modelAliases: env.modelAliases,
    ...(env.processBudget === undefined
      ? {}
      : { processBudget: createBudget({ limit: env.processBudget, label: 'process' }) }),
    apiKeys: env.keys,
    maxBodyBytes: env.maxBodyBytes,
    corsOrigins: env.corsOrigins,
    // bound to loopback: refuse foreign Host names (DNS rebinding)
    loopbackOnly: isLoopbackHost(env.host),
    explicitModelFailover: env.explicitFailover,
    version: VERSION,
    minOutputTokens: env.minOutputTokens,
    ...(riskGate.enabled
      ? { checkRequest: (prompt: Message[]) => void assertRiskAcceptable(lastUserText(prompt), riskGate) }
      : {}),
    logger,
  });
  return {
    app,
    async close() {
      clearInterval(refreshTimer);
      // Every append resolves once its line is written, so this is the ledger flush.
      await app.flushLedger();
      await stores.close();
      await upstream?.close();
    },
    describe: () =>
      `providers: ${Object.keys(providers).join(', ')}; catalog: ${registry.source}, ${registry.models().length} models; ledger: ${stores.location}; auth: ${virtualKeys ? `virtual keys (${stores.kind})` : env.keys.length > 0 ? 'on' : 'off'}`,
  };
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
