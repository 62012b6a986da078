import { Hono } from 'hono';
import { toOpenAIError } from '../errors/to-openai-error.js';
import { adminAuth } from '../middleware/admin-auth.js';
import type { ProxyMetrics } from '../proxy-deps.js';

/**
 * `GET /metrics`: the registry in the Prometheus text format. `adminKey` is `null` for an open endpoint (the
 * default: scrapers rarely send credentials), or the admin key (possibly unset, then 403) to guard it.
 */
export function registerMetricsRoute(
  app: Hono,
  metrics: ProxyMetrics,
  adminKey: string | undefined | null,
): void {
  if (adminKey !== null) app.use('/metrics', adminAuth(adminKey));
  app.get(
    '/metrics',
    async () => new Response(await metrics.render(), { headers: { 'content-type': metrics.contentType } }),
  );
}

/**
 * A Hono app that serves only `GET /metrics`, for a separate port (`TOKENWISE_METRICS_PORT`): the apps serve it
 * beside the proxy. `adminKey` as in {@link registerMetricsRoute}.
 */
export function createMetricsApp(metrics: ProxyMetrics, adminKey: string | undefined | null = null): Hono {
  const app = new Hono();
  registerMetricsRoute(app, metrics, adminKey);
  app.notFound((c) => c.text('Not found. This port serves GET /metrics.', 404));
  app.onError((error, c) => {
    const mapped = toOpenAIError(error);
    if (mapped.headers) for (const [name, value] of Object.entries(mapped.headers)) c.header(name, value);
    return c.json(mapped.toBody(), mapped.status as 400);
  });
  return app;
}
