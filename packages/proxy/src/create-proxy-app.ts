import { countPromptTokens, estimateTextTokens } from '@tokenwise/core';
import type { ModelInfo } from '@tokenwise/spec';
import { Hono } from 'hono';
import type { DashboardLedger } from './dashboard/dashboard-deps.js';
import { registerDashboardRoutes } from './dashboard/register-dashboard-routes.js';
import { toOpenAIError } from './errors/to-openai-error.js';
import type { ChatRuntime } from './execution/chat-runtime.js';
import { createFailoverPolicy } from './failover/create-failover-policy.js';
import { createFailedModels } from './failover/failed-models.js';
import { createLedgerWriter } from './ledger/create-ledger-writer.js';
import { bearerAuth } from './middleware/bearer-auth.js';
import type { ProxyDeps, ProxyLogger } from './proxy-deps.js';
import { registerChatCompletionsRoute } from './routes/chat-completions.js';
import { registerHealthRoute } from './routes/health.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerModelsRoute } from './routes/models.js';

/** The proxy's Hono app, plus a way to wait for ledger writes still in flight (graceful shutdown, tests). */
export type ProxyApp = Hono & {
  /** Resolves once every ledger write started so far has finished. */
  flushLedger(): Promise<void>;
};

const consoleLogger: ProxyLogger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

/**
 * Request ids: 24 hex characters, a random per-app prefix plus a counter — unique per app, distinct across
 * restarts, and cheaper than a UUID per request.
 */
function createRequestIds(): () => string {
  const prefix = [...crypto.getRandomValues(new Uint8Array(6))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  let counter = 0;
  return () => prefix + (counter++).toString(16).padStart(12, '0');
}

/**
 * Models whose catalog entry lists request parameters without `tools`: a routed request with tools must not land
 * there. Computed once per catalog version (the registry hands out a new list on refresh).
 */
function createToollessList(registry: ProxyDeps['registry']): ChatRuntime['toolless'] {
  let source: readonly ModelInfo[] | undefined;
  let ids: readonly string[] = [];
  const none: readonly string[] = [];
  return (request) => {
    if (!request.callOptions.tools?.length) return none;
    const models = registry.models();
    if (models !== source) {
      source = models;
      ids = models
        .filter((m) => m.supportedParameters.length > 0 && !m.supportedParameters.includes('tools'))
        .map((m) => m.id);
    }
    return ids;
  };
}

/** The ledger as the dashboard reads it, when the one the proxy writes to can be read (any `LedgerStore`). */
function readableLedger(ledger: ProxyDeps['ledger']): DashboardLedger | undefined {
  return ledger !== undefined && typeof (ledger as Partial<DashboardLedger>).read === 'function'
    ? (ledger as unknown as DashboardLedger)
    : undefined;
}

/**
 * Creates the OpenAI-compatible TokenWise gateway: `POST /v1/chat/completions`, `GET /v1/models`, `GET /health`.
 * Everything is composed from `deps`; the app reads no environment and binds no port, so it runs on any runtime
 * with `fetch` (serve it with `@hono/node-server` on Node).
 *
 * @example
 * ```ts
 * const app = createProxyApp({ registry, router, resolve, ledger, apiKeys: ['sk-local'] });
 * serve({ fetch: app.fetch, port: 8000 });
 * ```
 */
export function createProxyApp(deps: ProxyDeps): ProxyApp {
  const logger = deps.logger ?? consoleLogger;
  const clock = deps.clock ?? Date.now;
  const failedModels = deps.failedModels ?? createFailedModels({ now: clock });
  const ledger = createLedgerWriter(deps.ledger, logger);
  const runtime: ChatRuntime = {
    registry: deps.registry,
    router: deps.router,
    resolve: deps.resolve,
    processBudget: deps.processBudget,
    defaultStrategy: deps.defaultStrategy ?? 'balanced',
    defaultBudget: deps.defaultBudget,
    minOutputTokens: deps.minOutputTokens ?? 16,
    defaultMaxOutputTokens: deps.defaultMaxOutputTokens ?? 4096,
    countPromptTokens: deps.countPromptTokens ?? ((prompt) => countPromptTokens(prompt)),
    countTextTokens: deps.countTextTokens ?? estimateTextTokens,
    checkRequest: deps.checkRequest,
    failedModels,
    policy: createFailoverPolicy(failedModels, deps.failureThreshold ?? 3),
    explicitModelFailover: deps.explicitModelFailover ?? false,
    maxAttempts: deps.maxAttempts ?? 4,
    upstreamTimeoutMs: deps.upstreamTimeoutMs ?? 120_000,
    clock,
    generateId: deps.generateId ?? createRequestIds(),
    ledger,
    logger,
    toolless: createToollessList(deps.registry),
  };

  const app = new Hono();
  registerHealthRoute(app, deps.version ?? '0.1.0');
  if (deps.apiKeys && deps.apiKeys.length > 0) app.use('/v1/*', bearerAuth(deps.apiKeys));
  registerModelsRoute(app, deps.registry);
  registerChatCompletionsRoute(app, runtime, deps.maxBodyBytes ?? 1_048_576);
  registerDashboardRoutes(app, {
    adminKey: deps.adminKey,
    ledger: readableLedger(deps.ledger),
    ...(deps.budgetStore ? { budgetStore: deps.budgetStore } : {}),
  });
  if (deps.metrics)
    registerMetricsRoute(app, deps.metrics, deps.metricsAuth === 'admin' ? deps.adminKey : null);

  app.notFound((c) =>
    c.json(
      {
        error: {
          message: `No route ${c.req.method} ${c.req.path}. This proxy serves POST /v1/chat/completions and GET /v1/models.`,
          type: 'invalid_request_error',
          code: 'unknown_url',
          param: null,
        },
      },
      404,
    ),
  );
  app.onError((error, c) => {
    const mapped = toOpenAIError(error);
    if (mapped.status >= 500) {
      logger.error('Request failed.', {
        requestId: c.res.headers.get('x-tokenwise-request-id') ?? undefined,
        code: mapped.code,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    if (mapped.headers) for (const [name, value] of Object.entries(mapped.headers)) c.header(name, value);
    return c.json(mapped.toBody(), mapped.status as 400);
  });

  return Object.assign(app, { flushLedger: () => ledger.flush() });
}
