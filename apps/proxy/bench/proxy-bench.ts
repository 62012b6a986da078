// `pnpm bench:proxy`: the TokenWise proxy against a bare relay and the mock upstream itself, same body, same
// duration. Prints added latency (p50/p99), throughput as a ratio of the relay's and the proxy's memory after a
// long run. A script that prints figures, never a test.
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';

const SECONDS_PER_POINT = Number(process.env.BENCH_SECONDS ?? 5);
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 3000);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const CONNECTIONS = [1, 10, 50];
const execArgv = ['--conditions=@tokenwise/source', '--import', 'tsx'];

const body = JSON.stringify({
  model: 'openai/gpt-4.1-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Say hello in one short sentence.' },
  ],
  max_tokens: 50,
});

function start<T>(
  script: string,
  args: string[],
  extraArgv: string[] = [],
): Promise<{ child: ChildProcess; info: T }> {
  const child = fork(new URL(script, import.meta.url), args, { execArgv: [...execArgv, ...extraArgv] });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as T }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Sequential requests on one keep-alive connection, timed each with hrtime: exact sub-millisecond latency. */
async function sequential(url: string, count: number): Promise<{ p50: number; p99: number; mean: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
          res.resume();
          res.on('end', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  for (let i = 0; i < 300; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await once());
  agent.destroy();
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: pick(0.5), p99: pick(0.99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

async function load(url: string, connections: number, options: { duration?: number; amount?: number } = {}) {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? SECONDS_PER_POINT }),
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) console.warn(`  ! ${url}: ${failed} failed requests of ${result.requests.total}`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

function stats(child: ChildProcess): Promise<{ rss: number; heapUsed: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string; rss: number; heapUsed: number }) => {
      if (message.type !== 'stats') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'stats' });
  });
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const began = Date.now();
const upstream = await start<{ port: number }>('./mock-upstream.ts', []);
const upstreamUrl = `http://127.0.0.1:${upstream.info.port}`;
const servers = await start<{ relayPort: number; proxyPort: number }>(
  './bench-servers.ts',
  [upstreamUrl],
  ['--expose-gc'],
);
const targets = {
  direct: `${upstreamUrl}/v1/chat/completions`,
  relay: `http://127.0.0.1:${servers.info.relayPort}/v1/chat/completions`,
  proxy: `http://127.0.0.1:${servers.info.proxyPort}/v1/chat/completions`,
};

try {
  console.log(`TokenWise proxy benchmark (node ${process.version}, ${SECONDS_PER_POINT} s per point)\n`);
  console.log(`1 connection, ${SEQUENTIAL_REQUESTS} sequential requests each (hrtime per request):`);
  const seq = {
    direct: await sequential(targets.direct, SEQUENTIAL_REQUESTS),
    relay: await sequential(targets.relay, SEQUENTIAL_REQUESTS),
    proxy: await sequential(targets.proxy, SEQUENTIAL_REQUESTS),
  };
  for (const [name, r] of Object.entries(seq)) {
    console.log(`  ${name.padEnd(6)} p50 ${ms(r.p50)}  p99 ${ms(r.p99)}  mean ${ms(r.mean)}`);
  }
  console.log(
    `  added over direct:  relay p50 +${ms(seq.relay.p50 - seq.direct.p50)} p99 +${ms(seq.relay.p99 - seq.direct.p99)}` +
      ` | proxy p50 +${ms(seq.proxy.p50 - seq.direct.p50)} p99 +${ms(seq.proxy.p99 - seq.direct.p99)}`,
  );
  console.log(
    `  proxy over relay:   p50 +${ms(seq.proxy.p50 - seq.relay.p50)}  p99 +${ms(seq.proxy.p99 - seq.relay.p99)}  (target ≤ 0.300 ms)\n`,
  );

  console.log('Throughput (autocannon, requests/s; latency p50/p99 in whole ms):');
  console.log('  conns  direct        relay         proxy         proxy/relay  proxy/direct');
  for (const connections of CONNECTIONS) {
    const direct = await load(targets.direct, connections);
    const relay = await load(targets.relay, connections);
    const proxy = await load(targets.proxy, connections);
    const cell = (r: typeof direct) => `${r.rps.toFixed(0).padStart(6)} ${`${r.p50}/${r.p99}`.padStart(6)}`;
    console.log(
      `  ${String(connections).padStart(5)}  ${cell(direct)}  ${cell(relay)}  ${cell(proxy)}  ${(proxy.rps / relay.rps).toFixed(2).padStart(11)}  ${(proxy.rps / direct.rps).toFixed(2).padStart(12)}`,
    );
  }

  const before = await stats(servers.child);
  const run = await load(targets.proxy, 50, { amount: MEMORY_REQUESTS });
  const after = await stats(servers.child);
  console.log(
    `\nMemory of the proxy process (relay idle in it; after GC), ${run.total} more proxy requests at 50 connections:`,
  );
  console.log(`  before: rss ${mb(before.rss)}, heap ${mb(before.heapUsed)}`);
  console.log(
    `  after:  rss ${mb(after.rss)}, heap ${mb(after.heapUsed)}  (heap ${after.heapUsed >= before.heapUsed ? '+' : ''}${mb(after.heapUsed - before.heapUsed)})`,
  );
  console.log(`\nTotal bench time ${((Date.now() - began) / 1000).toFixed(0)} s.`);
} finally {
  servers.child.kill();
  upstream.child.kill();
}
