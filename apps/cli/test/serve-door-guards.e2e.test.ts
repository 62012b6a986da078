import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenRouterMockUpstream, type ListeningUpstream } from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  ledgerRecords,
  type RawResponse,
  rawRequest,
  type ServedProxy,
  spawnServe,
  until,
} from './spawn-serve.js';

// Issue #13 §4 and §6 end to end: the BUILT `tokenwise serve` as a process, every door (chat completions,
// Responses, Messages) sent hostile requests over raw HTTP (node:http, so Host, Origin and Content-Type go out
// exactly as an attacker's page or a broken client would send them).

let home: string;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;
let proxy: ServedProxy;

beforeAll(async () => {
  assertBuilt();
  home = await mkdtemp(join(tmpdir(), 'tokenwise-guards-e2e-'));
  server = await upstream.listen();
  proxy = await spawnServe({ home, upstreamUrl: server.url, ledgerPath: ledgerPath() });
}, 60_000);
afterAll(async () => {
  expect(await proxy?.stop()).toBe(0);
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

const ledgerPath = () => join(home, 'ledger.jsonl');
const chatCalls = () => upstream.calls.filter((call) => call.path.endsWith('/chat/completions'));

// The router picks the model: had a request's own defect been held against it, the next pick would change.
const ROUTED = 'tokenwise/cheapest';
const DEPTH = 10_000;

/** A JSON schema nested `DEPTH` levels, as raw JSON text (JSON.stringify itself overflows on such depths). */
const deepSchema = `${'{"type":"object","properties":{"x":'.repeat(DEPTH)}{"type":"string"}${'}}'.repeat(DEPTH)}`;

type Door = 'chat' | 'responses' | 'messages';
const PATHS: Record<Door, string> = {
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  messages: '/v1/messages',
};

/** A normal request of each door, as JSON text; `extra` is raw JSON spliced in as more top-level fields. */
function body(door: Door, extra = ''): string {
  const tail = extra === '' ? '' : `,${extra}`;
  switch (door) {
    case 'chat':
      return `{"model":"${ROUTED}","messages":[{"role":"user","content":"Hello"}],"max_tokens":50${tail}}`;
    case 'responses':
      return `{"model":"${ROUTED}","input":"Hello","max_output_tokens":50${tail}}`;
    case 'messages':
      return `{"model":"${ROUTED}","max_tokens":50,"messages":[{"role":"user","content":"Hello"}]${tail}}`;
  }
}

/** The deep schema where each door carries a schema: tool parameters and the structured-output format. */
const DEEP_FIELDS: Record<Door, Record<string, string>> = {
  chat: {
    tools: `"tools":[{"type":"function","function":{"name":"t","parameters":${deepSchema}}}]`,
    response_format: `"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":${deepSchema}}}`,
  },
  responses: {
    tools: `"tools":[{"type":"function","name":"t","parameters":${deepSchema}}]`,
    'text.format': `"text":{"format":{"type":"json_schema","name":"x","schema":${deepSchema}}}`,
  },
  messages: {
    tools: `"tools":[{"name":"t","input_schema":${deepSchema}}]`,
    output_format: `"output_format":{"type":"json_schema","schema":${deepSchema}}`,
  },
};

const JSON_HEADERS = { 'content-type': 'application/json' };

function post(door: Door, text: string, headers: Record<string, string> = JSON_HEADERS) {
  return rawRequest(proxy.port, { path: PATHS[door], headers, body: text });
}

/** The error of a refusal in the door's own shape: Anthropic's for Messages, OpenAI's for the others. */
function refusal(door: Door, response: RawResponse): { type: string; code?: string; message: string } {
  const json = JSON.parse(response.body) as {
    type?: string;
    error: { type: string; code?: string; message: string };
  };
  if (door === 'messages') expect(json.type).toBe('error');
  else expect(json.error).toHaveProperty('code');
  expect(json.error.message).not.toContain('\n');
  return json.error;
}

const servedModel = (response: RawResponse) => response.headers['x-tokenwise-model'];

describe('tokenwise serve: door guards in every door (built binary, #13 §4 and §6)', {
  timeout: 120_000,
}, () => {
  it('answers JSON nested 10,000 deep with a 400 in the door shape and never blames the model', async () => {
    for (const door of Object.keys(PATHS) as Door[]) {
      upstream.reset();
      const first = await post(door, body(door));
      expect(first.status, door).toBe(200);
      const model = servedModel(first);
      expect(model).toBeDefined();
      for (const [field, raw] of Object.entries(DEEP_FIELDS[door])) {
        // three strikes used to take a model out of routing for everyone: send more than that
        for (let attempt = 0; attempt < 4; attempt++) {
          const deep = await post(door, body(door, raw));
          expect(deep.status, `${door} ${field}`).toBe(400);
          const error = refusal(door, deep);
          expect(error.type).toBe('invalid_request_error');
          if (door !== 'messages') expect(error.code).toBe('json_too_deep');
          expect(error.message).toContain('deeper than');
        }
      }
      expect(chatCalls(), door).toHaveLength(1);
      // the same model is still picked and serves the next request
      const next = await post(door, body(door));
      expect(next.status, door).toBe(200);
      expect(servedModel(next), door).toBe(model);
      expect(chatCalls(), door).toHaveLength(2);
      expect((chatCalls()[1]!.bodyJson as { model: string }).model).toBe(model);
    }
  });

  it('refuses a text/plain body, a browser Origin and a foreign Host on a loopback bind, in every door', async () => {
    upstream.reset();
    for (const door of Object.keys(PATHS) as Door[]) {
      const plain = await post(door, body(door), { 'content-type': 'text/plain' });
      expect(plain.status, door).toBe(415);
      expect(refusal(door, plain).type).toBe('invalid_request_error');

      // a form post from a page needs no preflight: text/plain with the page's Origin
      const page = await post(door, body(door), {
        'content-type': 'text/plain',
        origin: 'https://evil.example',
      });
      expect(page.status, door).toBe(403);
      expect(page.headers['access-control-allow-origin']).toBeUndefined();

      const origin = await post(door, body(door), { ...JSON_HEADERS, origin: 'https://evil.example' });
      expect(origin.status, door).toBe(403);
      expect(refusal(door, origin).type).toBe('permission_error');
      expect(origin.headers['access-control-allow-origin']).toBeUndefined();

      // DNS rebinding: the page's own name resolves to 127.0.0.1, so the Host header carries it
      const host = await post(door, body(door), { ...JSON_HEADERS, host: `rebind.example:${proxy.port}` });
      expect(host.status, door).toBe(403);
      expect(refusal(door, host).type).toBe('permission_error');
    }
    // a preflight from a page is refused too, before any door
    const preflight = await rawRequest(proxy.port, {
      method: 'OPTIONS',
      path: PATHS.chat,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(chatCalls()).toHaveLength(0);
    // the loopback names themselves are served
    for (const host of ['localhost', '127.0.0.1']) {
      const ok = await post('chat', body('chat'), { ...JSON_HEADERS, host: `${host}:${proxy.port}` });
      expect(ok.status, host).toBe(200);
    }
    expect(chatCalls()).toHaveLength(2);
  });

  it('records a client that drops mid-upload as cancelled (client_closed_request), not an internal error', async () => {
    upstream.reset();
    for (const door of Object.keys(PATHS) as Door[]) {
      await new Promise<void>((resolve) => {
        const req = httpRequest({
          host: '127.0.0.1',
          port: proxy.port,
          method: 'POST',
          path: PATHS[door],
          headers: { ...JSON_HEADERS, 'content-length': '10000' },
        });
        req.on('error', () => resolve());
        req.write(body(door).slice(0, 40));
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    }
    const dropped = async () =>
      (await ledgerRecords(ledgerPath())).filter((record) => record.errorCode === 'client_closed_request');
    await until(async () => (await dropped()).length === 3);
    expect(
      (await dropped()).map((record) => [record.kind, record.door, record.outcome, record.errorCode]),
    ).toEqual([
      ['request', 'chat', 'cancelled', 'client_closed_request'],
      ['request', 'responses', 'cancelled', 'client_closed_request'],
      ['request', 'messages', 'cancelled', 'client_closed_request'],
    ]);
    expect(proxy.logLines().filter((line) => /internal/i.test(String(line.error ?? line.msg)))).toEqual([]);
    expect(chatCalls()).toHaveLength(0);
    // and the proxy serves the next request
    expect((await post('chat', body('chat'))).status).toBe(200);
  });
});
