// The door guards end to end: the proxy served on loopback, raw HTTP requests from node:http so every header
// (Host, Origin, Content-Type) and a dropped upload can be sent exactly as an attacker or a broken client would.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createScriptedModel, fixtureDeps } from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';
import type { ProxyDeps } from '../proxy-deps.js';
import { isLoopbackHost } from './loopback-host-guard.js';
import { DEFAULT_MAX_JSON_DEPTH, isJsonContentType, jsonDepth } from './read-json-body.js';

const MINI = 'openai/gpt-4.1-mini';
const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(overrides: Partial<ProxyDeps> = {}) {
  const model = createScriptedModel(MINI, [{ text: 'Hello' }]);
  const errors: string[] = [];
  const fixture = fixtureDeps(
    { [MINI]: model },
    { logger: { warn: () => {}, error: (message) => void errors.push(message) }, ...overrides },
  );
  const app = createProxyApp(fixture.deps);
  const port = await new Promise<number>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve(info.port),
    );
    servers.push(server);
  });
  return { port, model, app, errors, records: fixture.records };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body;
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/v1/chat/completions',
        headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** A JSON schema nested `depth` levels, as raw JSON text (JSON.stringify itself overflows at 5,000 levels). */
function nested(depth: number): RawJson {
  return new RawJson(
    `${'{"type":"object","properties":{"x":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`,
  );
}

class RawJson {
  constructor(readonly text: string) {}
}

/** A chat request body; `RawJson` values are spliced in as they are. */
function chat(extra: Record<string, unknown> = {}): string {
  const raws: string[] = [];
  const text = JSON.stringify(
    { model: MINI, messages: [{ role: 'user', content: 'Hello' }], ...extra },
    (_key, value) => (value instanceof RawJson ? `\u0000raw${raws.push(value.text) - 1}` : value),
  );
  return text.replace(/"\\u0000raw(\d+)"/g, (_match, index: string) => raws[Number(index)]!);
}

function errorOf(response: RawResponse): { type: string; code: string; message: string; param: unknown } {
  return (
    JSON.parse(response.body) as { error: { type: string; code: string; message: string; param: unknown } }
  ).error;
}

describe('JSON depth and size guard', () => {
  it('answers 400 json_too_deep for tools nested 5,000 levels, before any model, and keeps serving', async () => {
    const { port, model, errors } = await start();
    const tools = [{ type: 'function', function: { name: 'deep', parameters: nested(5_000) } }];
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await send(port, { headers: JSON_HEADERS, body: chat({ tools }) });
      expect(response.status).toBe(400);
      expect(errorOf(response)).toEqual({
        type: 'invalid_request_error',
        code: 'json_too_deep',
        param: null,
        message: `The request body nests JSON deeper than this proxy's limit of ${DEFAULT_MAX_JSON_DEPTH} levels.`,
      });
    }
    const format = { type: 'json_schema', json_schema: { name: 'x', schema: nested(5_000) } };
    expect(
      (await send(port, { headers: JSON_HEADERS, body: chat({ response_format: format }) })).status,
    ).toBe(400);
    expect(model.calls).toHaveLength(0);
    expect(errors).toEqual([]);
    // the model was never blamed: the next ordinary request is served by it
    const ok = await send(port, { headers: JSON_HEADERS, body: chat() });
    expect(ok.status).toBe(200);
    expect(model.calls).toHaveLength(1);
  });

  it('accepts ordinary nesting and honours a configured depth', async () => {
    const { port } = await start({ maxJsonDepth: 12 });
    const tools = (depth: number) => [
      { type: 'function', function: { name: 't', parameters: nested(depth) } },
    ];
    expect((await send(port, { headers: JSON_HEADERS, body: chat({ tools: tools(3) }) })).status).toBe(200);
    expect((await send(port, { headers: JSON_HEADERS, body: chat({ tools: tools(6) }) })).status).toBe(400);
  });

  it('answers 413 over the size limit', async () => {
    const { port, model } = await start({ maxBodyBytes: 500 });
    const response = await send(port, {
      headers: JSON_HEADERS,
      body: chat({ messages: [{ role: 'user', content: 'x'.repeat(600) }] }),
    });
    expect(response.status).toBe(413);
    expect(errorOf(response).code).toBe('request_too_large');
    expect(model.calls).toHaveLength(0);
  });
});

describe('JSON content type', () => {
  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/jsonp', 415],
    ['application/json', 200],
    ['application/json; charset=utf-8', 200],
    ['Application/JSON', 200],
    ['application/vnd.api+json', 200],
  ])('%s → %i', async (contentType, status) => {
    const { port, model } = await start();
    const response = await send(port, { headers: { 'content-type': contentType }, body: chat() });
    expect(response.status).toBe(status);
    if (status === 415) {
      expect(errorOf(response)).toMatchObject({
        type: 'invalid_request_error',
        code: 'unsupported_media_type',
      });
      expect(errorOf(response).message).not.toContain('\n');
      expect(model.calls).toHaveLength(0);
    }
  });

  it('refuses a body without a Content-Type', async () => {
    const { port } = await start();
    const response = await send(port, { body: chat() });
    expect(response.status).toBe(415);
    expect(errorOf(response).message).toBe('Content-Type must be application/json (got none).');
  });
});

describe('browser Origin', () => {
  it('refuses any Origin by default with 403, before auth and before any model', async () => {
    const { port, model } = await start({ apiKeys: ['sk-proxy'] });
    const response = await send(port, {
      headers: { ...JSON_HEADERS, origin: 'https://evil.example', authorization: 'Bearer sk-proxy' },
      body: chat(),
    });
    expect(response.status).toBe(403);
    expect(errorOf(response)).toMatchObject({ type: 'permission_error', code: 'origin_not_allowed' });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const models = await send(port, { method: 'GET', path: '/v1/models', headers: { origin: 'null' } });
    expect(models.status).toBe(403);
    expect(model.calls).toHaveLength(0);
  });

  it('serves requests without Origin (SDKs, curl) as before', async () => {
    const { port } = await start();
    expect((await send(port, { headers: JSON_HEADERS, body: chat() })).status).toBe(200);
  });

  it('gives allowed origins CORS headers and answers their preflight without a key', async () => {
    const app = 'https://app.example';
    const { port } = await start({ corsOrigins: [app], apiKeys: ['sk-proxy'] });
    const preflight = await send(port, {
      method: 'OPTIONS',
      headers: {
        origin: app,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(app);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(preflight.headers.vary).toContain('Origin');

    const response = await send(port, {
      headers: { ...JSON_HEADERS, origin: app, authorization: 'Bearer sk-proxy' },
      body: chat(),
    });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(app);
    expect(response.headers['access-control-expose-headers']).toContain('x-tokenwise-cost');

    const other = await send(port, {
      headers: { ...JSON_HEADERS, origin: 'https://app.example.evil', authorization: 'Bearer sk-proxy' },
      body: chat(),
    });
    expect(other.status).toBe(403);
    const otherPreflight = await send(port, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(otherPreflight.status).toBe(403);
  });

  it('allows every origin with *', async () => {
    const { port } = await start({ corsOrigins: ['*'] });
    const response = await send(port, {
      headers: { ...JSON_HEADERS, origin: 'https://any.example' },
      body: chat(),
    });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('https://any.example');
  });
});

describe('loopback Host (DNS rebinding)', () => {
  it('refuses a foreign Host with 403 when loopbackOnly, on every route', async () => {
    const { port, model } = await start({ loopbackOnly: true });
    for (const path of ['/v1/chat/completions', '/v1/models', '/health']) {
      const response = await send(port, {
        method: path === '/v1/chat/completions' ? 'POST' : 'GET',
        path,
        headers: { ...JSON_HEADERS, host: `rebind.evil.example:${port}` },
        body: path === '/v1/chat/completions' ? chat() : undefined,
      });
      expect(response.status, path).toBe(403);
      expect(errorOf(response)).toMatchObject({ type: 'permission_error', code: 'host_not_allowed' });
    }
    expect(model.calls).toHaveLength(0);
  });

  it.each(['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'LOCALHOST'])('accepts Host %s', async (host) => {
    const { port } = await start({ loopbackOnly: true });
    const response = await send(port, {
      headers: { ...JSON_HEADERS, host: `${host}:${port}` },
      body: chat(),
    });
    expect(response.status).toBe(200);
  });

  it('does not check Host unless loopbackOnly', async () => {
    const { port } = await start();
    const response = await send(port, {
      headers: { ...JSON_HEADERS, host: 'proxy.internal.example' },
      body: chat(),
    });
    expect(response.status).toBe(200);
  });
});

describe('client dropping mid-upload', () => {
  it.each([
    ['with a Content-Length', { 'content-length': '10000' }],
    ['chunked', {}],
  ])(
    'is recorded as a cancelled request (499 client_closed_request), not an internal error: %s',
    async (_label, extra) => {
      const { port, app, records, errors, model } = await start();
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { ...JSON_HEADERS, ...extra },
        });
        req.on('error', () => resolve());
        req.write('{"model":"openai/gpt-4.1-mini","messages":[{"role":"user","content":"');
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 50);
      });
      for (let wait = 0; wait < 40 && records.length === 0; wait++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        await app.flushLedger();
      }
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ kind: 'request', outcome: 'cancelled' });
      expect(records[0]?.record.errorClass).toBe('TokenwiseClientClosedRequestError');
      expect(records[0]?.record.errorCode).toBe('client_closed_request');
      expect(errors).toEqual([]);
      expect(model.calls).toHaveLength(0);
    },
  );
});

describe('guard helpers', () => {
  it.each([
    ['localhost', true],
    ['localhost:8000', true],
    ['localhost.', true],
    ['127.0.0.1:1', true],
    ['127.255.255.255', true],
    ['[::1]:8000', true],
    ['::1', true],
    ['[::ffff:127.0.0.1]:80', true],
    ['0.0.0.0', false],
    ['128.0.0.1', false],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example', false],
    ['evil.localhost', false],
    ['127.0.0.256', false],
    ['[::2]', false],
    ['', false],
  ])('isLoopbackHost(%j) → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });

  it('measures JSON depth without counting brackets inside strings', () => {
    expect(jsonDepth('{}')).toBe(1);
    expect(jsonDepth('[[{"a":[1]}]]')).toBe(4);
    expect(jsonDepth('{"a":"[[[[\\"{{{{"}')).toBe(1);
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('['.repeat(1_000_000), 100)).toBe(101);
  });

  it('recognises JSON media types only', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('application/problem+json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('text/json')).toBe(false);
    expect(isJsonContentType('application/json-seq')).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});
