import { describe, expect, it } from 'vitest';
import { createTestDeps } from '../__fixtures__/create-test-deps.js';

describe('tokenwise serve', () => {
  it('binds TOKENWISE_PROXY_HOST/PORT by default, flags win, and Ctrl-C drains the server', async () => {
    const controller = new AbortController();
    const started: { host: string; port: number }[] = [];
    let closed = 0;
    const t = createTestDeps({
      env: { TOKENWISE_PROXY_HOST: '127.0.0.2', TOKENWISE_PROXY_PORT: '9100' },
      signal: controller.signal,
      startServer: async ({ host, port }) => {
        started.push({ host, port });
        queueMicrotask(() => controller.abort());
        return { url: `http://${host}:${port}`, close: async () => void closed++ };
      },
    });
    expect(await t.run('serve')).toBe(0);
    expect(started).toEqual([{ host: '127.0.0.2', port: 9100 }]);
    expect(t.stdout()).toContain('TokenWise proxy listening on http://127.0.0.2:9100');
    expect(t.stdout()).toContain('OpenAI-compatible endpoint: POST /v1/chat/completions');
    expect(closed).toBe(1);

    const u = createTestDeps({
      env: { TOKENWISE_PROXY_PORT: '9100', TOKENWISE_PROXY_KEYS: 'tw-inbound-key' },
      signal: AbortSignal.abort(),
      startServer: async ({ host, port }) => {
        started.push({ host, port });
        return { url: `http://${host}:${port}`, close: async () => void closed++ };
      },
    });
    expect(await u.run('serve', '--host', '0.0.0.0', '-p', '9200', '--json')).toBe(0);
    expect(started[1]).toEqual({ host: '0.0.0.0', port: 9200 });
    expect(JSON.parse(u.stdout())).toEqual({
      url: 'http://0.0.0.0:9200',
      endpoint: 'http://0.0.0.0:9200/v1/chat/completions',
    });
  });
  it('refuses to listen beyond loopback without proxy keys, before starting anything', async () => {
    let starts = 0;
    const t = createTestDeps({
      signal: AbortSignal.abort(),
      startServer: async ({ host, port }) => {
        starts++;
        return { url: `http://${host}:${port}`, close: async () => {} };
      },
    });
    expect(await t.run('serve', '--host', '0.0.0.0')).toBe(2);
    expect(t.stderr()).toContain(
      'Refusing to serve on 0.0.0.0 without inbound keys: set TOKENWISE_PROXY_KEYS',
    );
    expect(t.stderr().trim().split('\n')).toHaveLength(1);
    expect(starts).toBe(0);
    for (const host of ['127.0.0.5', 'localhost', '::1']) {
      expect(await t.run('serve', '--host', host)).toBe(0);
    }
    expect(starts).toBe(3);
  });
  it('rejects a bad --port with exit 2 and a start failure with exit 1', async () => {
    const t = createTestDeps();
    expect(await t.run('serve', '--port', '70000')).toBe(2);
    const u = createTestDeps({
      startServer: async () => {
        throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8000'), {
          code: 'EADDRINUSE',
        });
      },
    });
    expect(await u.run('serve')).toBe(1);
    expect(u.stderr()).toContain('port 8000 on 127.0.0.1 is already in use');
  });
  it('says which port is taken and what to do, exit 1 (issue #17.10)', async () => {
    const t = createTestDeps({
      startServer: async () => {
        throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8000'), {
          code: 'EADDRINUSE',
        });
      },
    });
    expect(await t.run('serve')).toBe(1);
    expect(t.stderr()).toBe(
      'tokenwise serve: port 8000 on 127.0.0.1 is already in use; stop the other server or choose another port with --port (or TOKENWISE_PROXY_PORT; 0 picks a free one).\n',
    );
    const json = createTestDeps({
      startServer: async () => {
        throw Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
      },
    });
    expect(await json.run('serve', '--port', '9000', '--json')).toBe(1);
    expect(JSON.parse(json.stdout()).error).toMatchObject({ type: 'port_in_use', exitCode: 1 });
  });
});
