import type { AddressInfo } from 'node:net';
import type { OpenedLedger, RunningServer } from '@tokenwise/cli';
import {
  assertRiskAcceptable,
  createBudget,
  createProviderResolver,
  createRouter,
  loadTokenizer,
  type ModelRegistry,
  type TokenwiseConfig,
} from '@tokenwise/core';
import type { Message } from '@tokenwise/spec';
import { composeProviders } from './compose-providers.js';

/** How long in-flight requests may take to finish after Ctrl-C before their connections are closed. */
const DRAIN_GRACE_MS = 10_000;

/** What {@link startServer} needs besides the bind address. */
export interface StartServerOptions {
  host: string;
  port: number;
  config: TokenwiseConfig;
  registry: ModelRegistry;
  ledger: OpenedLedger;
  version: string;
  warn: (message: string) => void;
}

/**
 * `tokenwise serve`: the same OpenAI-compatible app as `apps/proxy` (`createProxyApp` from `@tokenwise/proxy`,
 * composed from the same settings), served with `@hono/node-server`. `close()` stops accepting connections,
 * lets in-flight requests finish and flushes the ledger.
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, registry } = options;
  const [{ serve }, { createProxyApp, isLoopbackHost }, { createUpstreamFetch }, { startTracing }] =
    await Promise.all([
      import('@hono/node-server'),
      import('@tokenwise/proxy'),
      import('@tokenwise/provider-utils/node'),
      import('./observe/start-tracing.js'),
    ]);
  const tracing = startTracing(process.env, { name: 'tokenwise', version: options.version });
  // Like apps/proxy: every provider calls upstream through one pooled undici client (about half the CPU of
  // Node's fetch per call), closed with the server.
  const upstream = createUpstreamFetch();
  const providers = await composeProviders(config, { fetch: upstream.fetch });
  const resolver = createProviderResolver({ providers, registry });
  // A long-running server can afford the tokenizer tables (~0.5 s once): OpenAI-family prompts are then counted
  // exactly when routing; other vendors keep the calibrated over-estimate.
  const tokenizers = await Promise.all([loadTokenizer('o200k_base'), loadTokenizer('cl100k_base')]);
  const riskGate = config.riskGate;
  const app = createProxyApp({
    registry,
    router: createRouter({ models: registry, defaultStrategy: config.defaultStrategy, tokenizers }),
    resolve: (modelId) => resolver.resolve(modelId),
    ledger: options.ledger.store,
    defaultStrategy: config.defaultStrategy,
    defaultBudget: config.defaultBudget,
    modelAliases: config.modelAliases,
    ...(config.proxyProcessBudget === undefined
      ? {}
      : { processBudget: createBudget({ limit: config.proxyProcessBudget, label: 'process' }) }),
    apiKeys: config.proxyKeys,
    maxBodyBytes: config.proxyMaxBodyBytes,
    corsOrigins: config.proxyCorsOrigins,
    // bound to loopback: refuse foreign Host names (DNS rebinding)
    loopbackOnly: isLoopbackHost(options.host),
    explicitModelFailover: config.proxyExplicitFailover,
    minOutputTokens: config.minOutputTokens,
    version: options.version,
    ...(riskGate.enabled
      ? {
          checkRequest: (prompt: Message[]) => void assertRiskAcceptable(lastUserText(prompt), riskGate),
        }
      : {}),
    logger: {
      info: () => {},
      warn: (message) => options.warn(message),
      error: (message) => options.warn(message),
    },
  });
  // Like apps/proxy: requests never wait for the network; the live catalog loads in the background now (unless
  // a fresh cache was found) and again every TTL, and a failed refresh keeps the current models.
  const refresher = new AbortController();
  // Each refresh's new warnings are printed: a live catalog much smaller than the one in use is kept out, and the
  // warning names the source and the cache file (a silent swap once made every real model id a 404).
  let reported = registry.warnings.length;
  const refresh = () =>
    void registry.refresh({ signal: refresher.signal }).then(() => {
      for (const warning of registry.warnings.slice(reported)) options.warn(warning);
      reported = registry.warnings.length;
    });
  let timer: ReturnType<typeof setInterval> | undefined;
  if (registry.source !== 'local') {
    const ttlMs = Math.max(60, config.cacheTtlSeconds) * 1000;
    if (registry.source !== 'cache' || Date.now() - registry.fetchedAt >= ttlMs) refresh();
    timer = setInterval(refresh, ttlMs);
    timer.unref();
  }
  const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
  } catch (error) {
    // e.g. the port is taken: nothing will call close(), so release what was opened here.
    clearInterval(timer);
    refresher.abort();
    await upstream.close();
    await tracing?.shutdown();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      clearInterval(timer);
      refresher.abort();
      const connections = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive sockets would hold close() open; in-flight requests still finish, within a grace
        // period: a stream that never ends must not keep the process alive forever.
        connections.closeIdleConnections?.();
        setTimeout(() => connections.closeAllConnections?.(), DRAIN_GRACE_MS).unref();
      });
      await app.flushLedger();
      await upstream.close();
      await tracing?.shutdown();
    },
    describe: () =>
      `providers: ${Object.keys(providers).join(', ')}; catalog: ${registry.source}, ${registry.models().length} models; ledger: ${options.ledger.location}; auth: ${config.proxyKeys.length > 0 ? 'on' : 'off'}`,
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
