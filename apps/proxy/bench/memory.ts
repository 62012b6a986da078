// `pnpm bench:memory` (in apps/proxy): the composed proxy's memory. Starts the mock upstream and the proxy as
// `main.ts` composes it (each in its own process), then prints RSS and heap idle, after one request, and after a
// sustained run of BENCH_MEMORY_CONNECTIONS (default 20) connections for BENCH_MEMORY_SECONDS (default 30), each
// after a full GC, and then attributes the heap from a V8 heap snapshot (self size by constructor,
// largest retainers). BENCH_MEMORY_NODE_FLAGS adds Node flags to the proxy process. A script that prints
// figures, never a test.
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { start } from './bench-tools.js';
import { printHeapSnapshotSummary } from './heap-snapshot-summary.js';

const CONNECTIONS = Number(process.env.BENCH_MEMORY_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 30);
const SNAPSHOTS = process.env.BENCH_MEMORY_SNAPSHOTS !== '0';
// Extra Node flags for the proxy process, to try settings (e.g. `--max-semi-space-size=2`).
const nodeFlags = (process.env.BENCH_MEMORY_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
const MiB = 1024 * 1024;

const body = JSON.stringify({
  model: 'openai/gpt-4.1-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Say hello in one short sentence.' },
  ],
  max_tokens: 50,
});

interface Stats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  mappings: Record<string, number>;
}

function ask<T>(child: ChildProcess, message: { type: string; label?: string }): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (reply: { type: string }) => {
      if (reply.type !== message.type) return;
      child.off('message', onMessage);
      resolve(reply as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
function line(label: string, stats: Stats): void {
  const mappings = Object.entries(stats.mappings)
    .filter(([, bytes]) => bytes >= MiB)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${mib(bytes)}`)
    .join('; ');
  console.log(
    `${label.padEnd(28)} rss ${mib(stats.rss).padStart(10)}  heap used ${mib(stats.heapUsed).padStart(10)}  heap total ${mib(stats.heapTotal).padStart(10)}  external ${mib(stats.external).padStart(9)}  array buffers ${mib(stats.arrayBuffers).padStart(9)}`,
  );
  if (mappings !== '') console.log(`${''.padEnd(28)} rss by mapping: ${mappings}`);
}

async function attribute(child: ChildProcess, label: string): Promise<void> {
  if (!SNAPSHOTS) return;
  const { path } = await ask<{ path: string }>(child, { type: 'snapshot', label });
  printHeapSnapshotSummary(`"${label}"`, path);
}

const upstream = await start<{ port: number }>('./mock-upstream.ts', []);
const upstreamUrl = `http://127.0.0.1:${upstream.info.port}`;
const baseline = await start<{ port: number }>(
  './memory-server.ts',
  [upstreamUrl, 'baseline'],
  ['--expose-gc'],
);
await new Promise((resolve) => setTimeout(resolve, 1000));
line('baseline (empty app) idle', await ask<Stats>(baseline.child, { type: 'stats' }));
baseline.child.send({ type: 'exit' });
const proxy = await start<{ port: number; describe: string }>(
  './memory-server.ts',
  [upstreamUrl],
  ['--expose-gc'],
);
try {
  console.log(`proxy: ${proxy.info.describe}`);
  console.log(
    `node ${process.version}${nodeFlags.length > 0 ? ` ${nodeFlags.join(' ')}` : ''}; sources loaded through tsx (adds its transpiler to the RSS)\n`,
  );
  // Let startup work (lazy tables, timers) settle before the idle figure.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  line('idle', await ask<Stats>(proxy.child, { type: 'stats' }));
  const url = `http://127.0.0.1:${proxy.info.port}/v1/chat/completions`;
  const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (first.status !== 200) throw new Error(`proxy answered ${first.status}: ${await first.text()}`);
  await first.text();
  line('after 1 request', await ask<Stats>(proxy.child, { type: 'stats' }));
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  console.log(
    `\nload: ${CONNECTIONS} connections × ${SECONDS} s: ${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors`,
  );
  line(`after ${CONNECTIONS}-connection run`, await ask<Stats>(proxy.child, { type: 'stats' }));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  line('2 s later', await ask<Stats>(proxy.child, { type: 'stats' }));
  // Only now: writing a snapshot mallocs tens of MiB that stay resident, which would inflate the figures above.
  await attribute(proxy.child, 'after-load');
} finally {
  proxy.child.send({ type: 'exit' });
  upstream.child.kill();
}
