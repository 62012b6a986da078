import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { createProxyApp } from '@tokenwise/proxy';
import { afterEach, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from './start-tracing.js';

let running: Tracing | undefined;
afterEach(async () => {
  await running?.shutdown();
  running = undefined;
});

/** An OTLP/HTTP receiver on loopback that keeps the JSON bodies posted to `/v1/traces`. */
async function otlpReceiver() {
  const bodies: unknown[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('startTracing', () => {
  it('registers nothing unless the OTEL variables ask for traces', async () => {
    expect(await startTracing({}, { name: 'tokenwise', version: '1' })).toBeUndefined();
    expect(
      await startTracing({ OTEL_TRACES_EXPORTER: 'none' }, { name: 'tokenwise', version: '1' }),
    ).toBeUndefined();
    expect(trace.getTracer('x').startSpan('y').isRecording()).toBe(false);
  });

  it('refuses an unknown exporter in one line', async () => {
    await expect(
      startTracing({ OTEL_TRACES_EXPORTER: 'zipkin' }, { name: 'tokenwise', version: '1' }),
    ).rejects.toThrow('OTEL_TRACES_EXPORTER=zipkin is not supported: use otlp, console or none.');
  });

  it('exports the proxy request spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const receiver = await otlpReceiver();
    try {
      running = await startTracing(
        { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'tw-test' },
        { name: 'tokenwise', version: '1.2.3' },
      );
      expect(running?.exporter).toBe('otlp');
      // The app's requests go through the globally registered provider; a bad body is enough for a span.
      const app = createProxyApp({
        registry: { models: () => [], get: () => undefined },
        router: {
          route: () => {
            throw new Error('unused');
          },
        } as never,
        resolve: () => {
          throw new Error('unused');
        },
        logger: { warn: () => {}, error: () => {} },
      });
      const res = await app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"messages":"nope"}',
      });
      expect(res.status).toBe(400);
      await running?.shutdown();
      running = undefined;
      const text = JSON.stringify(receiver.bodies);
      expect(text).toContain('"tw-test"');
      expect(text).toContain('tokenwise.door');
      expect(text).toContain('"refused"');
    } finally {
      await receiver.close();
    }
  });
});
