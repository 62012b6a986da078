import { validate } from '@readme/openapi-parser';
import { createMemoryBudgetStore, createMemoryKeyStore } from '@tokenwise/core';
import { describe, expect, it } from 'vitest';
import { createScriptedModel, fixtureDeps } from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';
import { buildOpenApiDocument } from './build-openapi-document.js';

/** An app with every optional surface mounted: admin API, dashboard API, metrics. */
function fullApp() {
  const budgetStore = createMemoryBudgetStore({});
  const keyStore = createMemoryKeyStore({ budgetStore });
  const { deps } = fixtureDeps(
    { 'openai/gpt-4.1-mini': createScriptedModel('openai/gpt-4.1-mini', [{ text: 'hi' }]) },
    {
      keyStore,
      budgetStore,
      adminKey: 'admin-secret',
      version: '9.9.9',
      metrics: { contentType: 'text/plain', render: async () => '' },
    },
  );
  return createProxyApp(deps);
}

/** Hono's `/a/:id{regex}` as OpenAPI's `/a/{id}`. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)(\{[^}]*\})?/g, '{$1}');

describe('GET /openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await fullApp().request('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const document = await res.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('9.9.9');
    const result = await validate(structuredClone(document));
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it('is invalid when broken, so the validation above can fail', async () => {
    const document = buildOpenApiDocument('1') as unknown as Record<string, unknown>;
    const broken = { ...document, paths: { '/x': { get: { responses: { '200': {} } } } } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('describes every route the app serves', async () => {
    const app = fullApp();
    const document = buildOpenApiDocument('1');
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    // Middleware (`app.use`) is not an operation; the 405 answers to wrong methods on a door are not either.
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .filter(
        (route) =>
          !(
            ['/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/messages/count_tokens'].includes(
              route.path,
            ) && route.method !== 'POST'
          ),
      )
      .map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
    // The doors whose routes land separately are described too.
    for (const route of ['POST /v1/responses', 'POST /v1/messages', 'POST /v1/messages/count_tokens']) {
      expect(documented.has(route)).toBe(true);
    }
  });

  it('takes each door body from the valibot schema that validates it', () => {
    const { schemas } = buildOpenApiDocument('1').components;
    const chat = schemas.ChatCompletionRequest as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    expect(chat.properties).toHaveProperty('messages');
    expect(chat.properties).toHaveProperty('tokenwise');
    expect(chat.required).toContain('messages');
    expect(schemas.MessagesRequest).toMatchObject({
      required: expect.arrayContaining(['model', 'max_tokens']),
    });
    expect(schemas.ResponsesRequest).toMatchObject({ properties: { input: expect.anything() } });
    expect(JSON.stringify(schemas)).not.toContain('$schema');
  });
});

describe('GET /docs', () => {
  it('renders every operation offline, escaped, without script', async () => {
    const res = await fullApp().request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!127)/);
    const document = buildOpenApiDocument('9.9.9');
    for (const path of Object.keys(document.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('ChatCompletionRequest');
    expect(html).toContain('<span class="method post">POST</span>');
  });
});
