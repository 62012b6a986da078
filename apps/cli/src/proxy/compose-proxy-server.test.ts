// The one composition in process: both servers' log lines, metrics and graceful stop come from here.
import { createModelRegistry, loadConfig } from '@tokenwise/core';
import { createMemoryLedgerStore } from '@tokenwise/ledger';
import { createOpenRouterMockUpstream, hangReply, openaiError } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { composeProxyServer } from './compose-proxy-server.js';
import { serveProxy } from './serve-proxy.js';

async function boot(env: Record<string, string> = {}, options: { metrics?: boolean } = {}) {
  const upstream = createOpenRouterMockUpstream();
  const settings = loadConfig({
    env: {
      OPENROUTER_API_KEY: 'sk-or-secret-1234567890',
      OPENROUTER_BASE_URL: 'http://openrouter.mock/api/v1',
      TOKENWISE_PROXY_DRAIN_SECONDS: '0',
      ...env,
    },
  });
  const lines: Record<string, unknown>[] = [];
  const store = createMemoryLedgerStore();
  const composed = await composeProxyServer(settings, {
    server: 'test',
    version: '1.2.3',
    env: { OPENROUTER_API_KEY: 'sk-or-secret-1234567890' },
    host: '127.0.0.1',
    registry: createModelRegistry({ fetch: upstream.fetch, baseURL: 'http://openrouter.mock/api/v1' }),
    ledger: { store, location: 'memory' },
    fetch: upstream.fetch,
    logDestination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    ...options,
  });
  const running = await serveProxy(composed, { host: '127.0.0.1', port: 0 });
  const chat = (body: Record<string, unknown>, signal?: AbortSignal) =>
    fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }], ...body }),
      ...(signal === undefined ? {} : { signal }),
    });
  return { upstream, lines, store, running, chat };
}

// Loading the tokenizer tables takes seconds on a loaded machine.
describe('composeProxyServer + serveProxy', { timeout: 90_000 }, () => {
  it('logs start-up, one line per request and upstream failures with request id, model and status', async () => {
    const { upstream, lines, running, chat } = await boot();
    try {
      const started = lines.find((line) => line.msg === 'TokenWise starting');
      expect(started).toMatchObject({ server: 'test', providers: ['openrouter (OPENROUTER_API_KEY)'] });
      expect(JSON.stringify(lines)).not.toContain('sk-or-secret');

      const ok = await chat({ model: 'openai/gpt-4.1-mini' });
      expect(ok.status).toBe(200);
      const id = ok.headers.get('x-tokenwise-request-id');
      upstream.enqueue(openaiError(500, 'boom'));
      const failed = await chat({ model: 'openai/gpt-4.1-mini' });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      const failedId = failed.headers.get('x-tokenwise-request-id');

      const requests = lines.filter((line) => line.msg === 'request');
      expect(requests.map((line) => line.requestId)).toEqual([id, failedId]);
      expect(requests[0]).toMatchObject({ outcome: 'ok', modelAsked: 'openai/gpt-4.1-mini', status: 200 });
      const failure = lines.find((line) => line.msg === 'Request failed.');
      expect(failure).toMatchObject({ requestId: failedId, model: 'openai/gpt-4.1-mini' });
      expect(failure?.status).toBeGreaterThanOrEqual(500);

      // Metrics come from the same records.
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).toMatch(/tokenwise_requests_total\{[^}]*outcome="ok"[^}]*\} 1/);
    } finally {
      await running.close();
    }
  });

  it('metrics: false feeds no registry and serves no /metrics; requests are still logged', async () => {
    const { lines, running, chat } = await boot({}, { metrics: false });
    try {
      expect((await chat({ model: 'openai/gpt-4.1-mini' })).status).toBe(200);
      expect(lines.filter((line) => line.msg === 'request')).toHaveLength(1);
      expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    } finally {
      await running.close();
    }
  });

  it('close() with a hung call: health 503, the call cancelled, its reservation settled, the record kept', async () => {
    const { upstream, store, running, chat } = await boot({ TOKENWISE_PROXY_PROCESS_BUDGET: '$1' });
    upstream.setDefault(hangReply());
    const hung = chat({ model: 'openai/gpt-4.1-mini' }).then(
      (response) => response.status,
      () => 'cut',
    );
    while (upstream.calls.filter((call) => call.path.endsWith('/chat/completions')).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const closed = running.close();
    await closed;
    expect(await hung).not.toBe(200);
    const records = [];
    for await (const record of store.read()) records.push(record);
    expect(
      records.filter((r) => r.kind === 'request').map((r) => (r as { outcome?: string }).outcome),
    ).toEqual(['cancelled']);
  });
});
