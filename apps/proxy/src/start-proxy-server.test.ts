import { InvalidArgumentError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { startProxyServer } from './start-proxy-server.js';

describe('startProxyServer', () => {
  it('refuses a public host without inbound keys, before binding', async () => {
    const error = await startProxyServer({
      app: { fetch: () => new Response('ok') },
      host: '0.0.0.0',
      port: 0,
      authenticated: false,
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('TOKENWISE_PROXY_KEYS');
  });

  it('serves, then drains an in-flight request before close resolves and runs onDrained last', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const server = await startProxyServer({
      app: {
        fetch: async () => {
          entered();
          await gate;
          events.push('response');
          return new Response('done');
        },
      },
      host: '127.0.0.1',
      port: 0,
      authenticated: false,
      onDrained: async () => {
        events.push('drained');
      },
    });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const pending = fetch(`${server.url}/slow`).then((r) => r.text());
    await inside;
    const closed = server.close().then(() => events.push('closed'));
    // New connections are refused while the in-flight one is still served.
    await expect(fetch(`${server.url}/other`)).rejects.toThrow();
    release();
    expect(await pending).toBe('done');
    await closed;
    expect(events).toEqual(['response', 'drained', 'closed']);
  });
});
