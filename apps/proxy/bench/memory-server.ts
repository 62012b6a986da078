// The system under test of `bench/memory.ts`: the proxy exactly as `main.ts` composes it (bundled catalog, all
// routing tables, the JSONL ledger, the pooled upstream client), offline, in front of the mock upstream. Answers
// `stats` (RSS and heap after a full GC) and `snapshot` (writes a V8 heap snapshot) over the IPC channel.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { serve } from '@hono/node-server';
import { composeProxy } from '../src/compose.js';
import { readProxyEnv } from '../src/env.js';

const upstream = process.argv[2] ?? 'http://127.0.0.1:1';
const dir = mkdtempSync(join(tmpdir(), 'tokenwise-memory-'));
const env = readProxyEnv({
  OPENAI_API_KEY: 'bench',
  OPENAI_BASE_URL: `${upstream}/v1`,
  TOKENWISE_LEDGER_PATH: join(dir, 'ledger.jsonl'),
  TOKENWISE_PROXY_PORT: '0',
});
const silent = { info: () => {}, warn: () => {}, error: (message: string) => console.error(message) };
const composed = await composeProxy(env, { offline: true, logger: silent });
const port = await new Promise<number>((resolve) => {
  const server = serve({ fetch: composed.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
    resolve(info.port),
  );
  server.keepAliveTimeout = 60_000;
});

process.on('message', (message: { type: string; label?: string }) => {
  if (message.type === 'exit') void composed.close().then(() => process.exit(0));
  if (message.type === 'stats') {
    globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send?.({ type: 'stats', rss, heapUsed, heapTotal, external, arrayBuffers });
  }
  if (message.type === 'snapshot') {
    globalThis.gc?.();
    const path = writeHeapSnapshot(join(dir, `${message.label ?? 'heap'}.heapsnapshot`));
    process.send?.({ type: 'snapshot', path });
  }
});
process.send?.({ type: 'ready', port, describe: composed.describe() });
