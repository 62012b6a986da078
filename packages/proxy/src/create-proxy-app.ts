import type { CallEngine } from '@tokenwise/core';
import { Hono } from 'hono';
import { registerAdminRoutes } from './admin/register-admin-routes.js';
import type { DashboardLedger } from './dashboard/dashboard-deps.js';
import { registerDashboardRoutes } from './dashboard/register-dashboard-routes.js';
import { toAnthropicError } from './dialects/anthropic/to-anthropic-error.js';
import { toOpenAIError } from './errors/to-openai-error.js';
import { createProxyRuntime } from './gateway/proxy-runtime.js';
import { bearerAuth } from './middleware/bearer-auth.js';
import { corsOriginGuard } from './middleware/cors-origin-guard.js';
import { loopbackHostGuard } from './middleware/loopback-host-guard.js';
import { virtualKeyAuth } from './middleware/virtual-key-auth.js';
import type { ProxyDeps, ProxyLogger } from './proxy-deps.js';
import { registerChatCompletionsRoute } from './routes/chat-completions.js';
import { registerHealthRoute } from './routes/health.js';
import { registerMessagesRoutes } from './routes/messages.js';
import { registerMetricsRoute } from './routes/metrics.js';
import { registerModelsRoute } from './routes/models.js';
import { registerOpenApiRoutes } from './routes/openapi.js';
import { registerResponsesRoute } from './routes/responses.js';

/** The proxy's Hono app, plus what a server needs for a graceful shutdown. */
export type ProxyApp = Hono & {
  /** Resolves once every ledger write started so far has finished. */
  flushLedger(): Promise<void>;
  /** The app's call engine: `inFlight`, `abortAll()` and `idle()` for draining. */
  engine: CallEngine;
  /** Marks the app as draining: `/health` answers 503 so load balancers stop sending requests. */
  startDraining(): void;
};

const consoleLogger: ProxyLogger = {
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

/**
/** The ledger as the dashboard reads it, when the one the proxy writes to can be read (any `LedgerStore`). */
function readableLedger(ledger: ProxyDeps['ledger']): DashboardLedger | undefined {
  return ledger !== undefined && typeof (ledger as Partial<DashboardLedger>).read === 'function'
    ? (ledger as unknown as DashboardLedger)
    : undefined;
}

/**
 * Creates the OpenAI-compatible TokenWise gateway: `POST /v1/chat/completions`, `GET /v1/models`, `GET /health`.
 * Every door makes its calls through ONE call engine (reservations, clamp, failover, settlement, records).
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
  const runtime = createProxyRuntime(deps, logger);
  let draining = false;

  const app = new Hono();
  if (deps.loopbackOnly) app.use('*', loopbackHostGuard());
  app.use('*', corsOriginGuard(deps.corsOrigins));
  registerHealthRoute(app, deps.version ?? '0.1.0', () => draining);
  registerOpenApiRoutes(app, deps.version ?? '0.1.0');
  if (deps.keyStore && deps.budgetStore) {
    registerAdminRoutes(app, {
      keyStore: deps.keyStore,
      budgetStore: deps.budgetStore,
      adminKey: deps.adminKey,
      clock: deps.clock ?? Date.now,
    });
  }
  // With a key store the doors authenticate virtual keys themselves (each refusal in its own shape); the model
  // list asks for a valid key too.
  if (deps.keyStore) {
    const keyStore = deps.keyStore;
    app.use('/v1/models', virtualKeyAuth(keyStore));
    app.use('/v1/models/*', virtualKeyAuth(keyStore));
  } else if (deps.apiKeys && deps.apiKeys.length > 0) app.use('/v1/*', bearerAuth(deps.apiKeys));
  // After the inbound-key check: an unauthenticated request should not make the server load anything.
  const prepare = deps.prepare;
  if (prepare !== undefined) {
    app.use('/v1/*', async (_c, next) => {
      const pending = prepare();
      if (pending !== undefined) await pending;
      await next();
    });
  }
  registerModelsRoute(app, deps.registry);
  registerChatCompletionsRoute(app, runtime);
  registerResponsesRoute(app, runtime);
  registerMessagesRoutes(app, runtime);
  // The endpoint exists, only the method is wrong: 405 with `Allow`, not "no route".
  app.on(['GET', 'PUT', 'PATCH', 'DELETE'], '/v1/chat/completions', (c) => {
    c.header('allow', 'POST');
    return c.json(
      {
        error: {
          message: `${c.req.method} is not allowed on /v1/chat/completions: send a POST with a JSON body.`,
          type: 'invalid_request_error',
          code: 'method_not_allowed',
          param: null,
        },
      },
      405,
    );
  });
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
          message: `No route ${c.req.method} ${c.req.path}. This proxy serves POST /v1/chat/completions, POST /v1/responses, POST /v1/messages, POST /v1/messages/count_tokens and GET /v1/models.`,
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
    // Every error reply carries a request id, also those refused before a route ran (401 from bearer auth).
    if (!c.res.headers.has('x-tokenwise-request-id'))
      c.header('x-tokenwise-request-id', runtime.generateId());
    if (mapped.status >= 500) {
      logger.error('Request failed.', {
        requestId: c.res.headers.get('x-tokenwise-request-id') ?? undefined,
        code: mapped.code,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
    if (mapped.headers) for (const [name, value] of Object.entries(mapped.headers)) c.header(name, value);
    // Anthropic clients read their own error shape (e.g. a 401 from the key check before the route ran).
    if (c.req.path.startsWith('/v1/messages'))
      return c.json(toAnthropicError(error).toBody(), mapped.status as 400);
    return c.json(mapped.toBody(), mapped.status as 400);
  });

  return Object.assign(app, {
    flushLedger: () => runtime.ledger.flush(),
    engine: runtime.engine,
    startDraining: () => {
      draining = true;
    },
  });
}
