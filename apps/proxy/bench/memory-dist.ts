// `pnpm bench:memory:dist` (in apps/proxy): the deployed proxy's memory, measured as a user runs it — `node
// dist/main.js` from the built dist, no extra Node flags, no forced GC — in front of the mock upstream. Prints
// the process's RSS (VmRSS from /proc, Linux) idle, after the first request, after a sustained run of
// BENCH_MEMORY_CONNECTIONS (default 20) connections for BENCH_MEMORY_SECONDS (default 30) and 2 s later, then a
// heap-snapshot breakdown (taken last: writing a snapshot inflates the RSS). Build first:
// `pnpm turbo run build --filter=@tokenwise/proxy-server...`. A script that prints figures, never a test.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { printHeapSnapshotSummary } from './heap-snapshot-summary.js';

const CONNECTIONS = Number(process.env.BENCH_MEMORY_CONNECTIONS ?? 20);
const SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 30);
const IDLE_SECONDS = Number(process.env.BENCH_MEMORY_IDLE_SECONDS ?? 5);
const SNAPSHOTS = process.env.BENCH_MEMORY_SNAPSHOTS !== '0';
const MiB = 1024 * 1024;
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error(
    `${main} is missing: build first (pnpm turbo run build --filter=@tokenwise/proxy-server...).`,
  );
  process.exit(1);
}

const body = JSON.stringify({
  model: 'openai/gpt-4.1-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Say hello in one short sentence.' },
  ],
  max_tokens: 50,
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** Resident and peak memory of a process (kB lines of /proc/<pid>/status). */
function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

function line(label: string, pid: number): void {
  const { rss, peak } = rssOf(pid);
  console.log(`${label.padEnd(30)} rss ${mib(rss).padStart(10)}   peak ${mib(peak).padStart(10)}`);
}

const upstream = await new Promise<{ child: ChildProcess; port: number }>((resolve, reject) => {
  const child = fork(new URL('./mock-upstream.ts', import.meta.url), [], {
    execArgv: ['--conditions=@tokenwise/source', '--import', 'tsx'],
  });
  child.once('message', (info) => resolve({ child, port: (info as { port: number }).port }));
  child.once('exit', (code) => reject(new Error(`mock upstream exited with ${code}`)));
});
const dir = mkdtempSync(join(tmpdir(), 'tokenwise-memory-dist-'));
// The snapshot is written to the process's working directory on SIGUSR2; the flag costs nothing until then.
const proxy = spawn(process.execPath, ['--heapsnapshot-signal=SIGUSR2', main], {
  cwd: dir,
  env: {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    OPENAI_API_KEY: 'bench',
    OPENAI_BASE_URL: `http://127.0.0.1:${upstream.port}/v1`,
    TOKENWISE_LEDGER_PATH: join(dir, 'ledger.jsonl'),
    TOKENWISE_PROXY_PORT: '0',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  const port = await new Promise<number>((resolve, reject) => {
    // Its JSON log lines (the start-up line names the port; one line per request) are read and dropped.
    let output: string | undefined = '';
    proxy.stdout?.on('data', (chunk: Buffer) => {
      if (output === undefined) return;
      output += chunk.toString('utf8');
      const listen = /"listen":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(output);
      if (listen) {
        output = undefined;
        resolve(Number(listen[1]));
      }
    });
    proxy.once('exit', (code) => reject(new Error(`proxy exited with ${code}: ${output}`)));
  });
  const pid = proxy.pid!;
  console.log(`proxy: node ${process.version} ${main} (pid ${pid}); load average ${loadAverage()}\n`);
  await delay(IDLE_SECONDS * 1000);
  line(`idle (${IDLE_SECONDS} s after start)`, pid);
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (first.status !== 200) throw new Error(`proxy answered ${first.status}: ${await first.text()}`);
  await first.text();
  await delay(1000);
  line('after 1 request (+1 s)', pid);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  line(`after ${CONNECTIONS}-connection run`, pid);
  await delay(2000);
  line('2 s later', pid);
  console.log(
    `\nload: ${CONNECTIONS} connections × ${SECONDS} s: ${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors; load average ${loadAverage()}`,
  );
  if (SNAPSHOTS) await attribute(pid);
} finally {
  proxy.kill('SIGTERM');
  upstream.child.kill();
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

async function attribute(pid: number): Promise<void> {
  process.kill(pid, 'SIGUSR2');
  // Wait until the snapshot file is complete (its size stops growing).
  let path: string | undefined;
  let size = -1;
  for (let i = 0; i < 600; i++) {
    await delay(200);
    const name = readdirSync(dir).find((file) => file.endsWith('.heapsnapshot'));
    if (name === undefined) continue;
    path = join(dir, name);
    const now = statSync(path).size;
    if (now === size && now > 0) break;
    size = now;
  }
  if (path === undefined) {
    console.log('no heap snapshot was written');
    return;
  }
  printHeapSnapshotSummary('after load', path);
}
