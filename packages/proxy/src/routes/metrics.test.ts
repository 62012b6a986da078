import { describe, expect, it } from 'vitest';
import { createScriptedModel, fixtureDeps } from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';
import type { ProxyDeps } from '../proxy-deps.js';
import { createMetricsApp } from './metrics.js';

const metrics = {
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  render: async () => '# HELP tokenwise_requests_total Requests.\ntokenwise_requests_total 3\n',
};

function app(overrides: Partial<ProxyDeps>) {
  const { deps } = fixtureDeps({
    'openai/gpt-4.1-mini': createScriptedModel('openai/gpt-4.1-mini', [{ text: 'hi' }]),
  });
  return createProxyApp({ ...deps, ...overrides });
}

describe('GET /metrics', () => {
  it('serves the registry in the Prometheus text format, open by default', async () => {
    const response = await app({ metrics }).request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.contentType);
    expect(await response.text()).toContain('tokenwise_requests_total 3');
  });

  it('is absent without a registry, and behind the admin key with metricsAuth admin', async () => {
    expect((await app({}).request('/metrics')).status).toBe(404);
    const guarded = app({ metrics, metricsAuth: 'admin', adminKey: 'adm-1' });
    expect((await guarded.request('/metrics')).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { authorization: 'Bearer adm-1' } })).status).toBe(
      200,
    );
    expect((await app({ metrics, metricsAuth: 'admin' }).request('/metrics')).status).toBe(403);
  });

  it('has an app of its own for a separate port', async () => {
    const open = createMetricsApp(metrics);
    expect(await (await open.request('/metrics')).text()).toContain('tokenwise_requests_total');
    expect((await open.request('/v1/models')).status).toBe(404);
    const guarded = createMetricsApp(metrics, 'adm-2');
    expect((await guarded.request('/metrics')).status).toBe(401);
    expect((await guarded.request('/metrics', { headers: { 'x-admin-key': 'adm-2' } })).status).toBe(200);
  });
});
