// The system under test of `bench/memory.ts`: the proxy exactly as `main.ts` composes it (bundled catalog, all
// routing tables, the JSONL ledger, the pooled upstream client), offline, in front of the mock upstream. Answers
// `stats` (RSS and heap after a full GC) and `snapshot` (writes a V8 heap snapshot) over the IPC channel.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { serve } from '@hono/node-server';

const upstream = process.argv[2] ?? 'http://127.0.0.1:1';
// `baseline`: the same runtime (Node, tsx, @hono/node-server) serving an empty app and loading none of the
// proxy's modules, so the proxy's own share of the RSS shows.
const baseline = process.argv[3] === 'baseline';
const dir = mkdtempSync(join(tmpdir(), 'tokenwise-memory-'));
const composed = baseline
  ? {
      app: { fetch: () => new Response('{}', { headers: { 'content-type': 'application/json' } }) },
      close: async () => {},
      describe: () => 'baseline: an empty app on the same runtime',
    }
  : await compose();

/** The proxy as `main.ts` composes it (the one composition); imported here so the baseline loads none of it. */
async function compose() {
  const [{ composeProxyServer }, { loadConfig }] = await Promise.all([
    import('tokenwise/proxy-server'),
    import('@tokenwise/core'),
  ]);
  const env = {
    OPENAI_API_KEY: 'bench',
    OPENAI_BASE_URL: `${upstream}/v1`,
    TOKENWISE_LEDGER_PATH: join(dir, 'ledger.jsonl'),
    TOKENWISE_LOG_LEVEL: 'silent',
  };
  return composeProxyServer(loadConfig({ env }), {
    server: 'apps/proxy',
    version: 'bench',
    env,
    host: '127.0.0.1',
  });
}
const port = await new Promise<number>((resolve) => {
  serve({ fetch: composed.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
});

process.on('message', (message: { type: string; label?: string }) => {
  if (message.type === 'exit') void composed.close().then(() => process.exit(0));
  if (message.type === 'stats') {
    globalThis.gc?.();
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    process.send?.({
      type: 'stats',
      rss,
      heapUsed,
      heapTotal,
      external,
      arrayBuffers,
      mappings: rssByMapping(),
    });
  }
  if (message.type === 'snapshot') {
    globalThis.gc?.();
    const path = writeHeapSnapshot(join(dir, `${message.label ?? 'heap'}.heapsnapshot`));
    process.send?.({ type: 'snapshot', path });
  }
});
process.send?.({ type: 'ready', port, describe: composed.describe() });

/** Resident memory by mapping kind from /proc/self/smaps (Linux): where RSS outside the V8 heap lives. */
function rssByMapping(): Record<string, number> {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return {};
  }
  const totals: Record<string, number> = {};
  let kind = 'anonymous';
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[1] ?? '';
      kind =
        name === ''
          ? 'anonymous (V8 heap, malloc arenas, code)'
          : name.startsWith('[')
            ? name
            : name.endsWith('node') || name.includes('/bin/node')
              ? 'node binary'
              : name.includes('.so')
                ? 'shared libraries'
                : 'other files';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB$/.exec(line);
    if (rss) totals[kind] = (totals[kind] ?? 0) + Number(rss[1]) * 1024;
  }
  return totals;
}
