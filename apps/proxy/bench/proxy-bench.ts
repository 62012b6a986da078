// `pnpm bench:proxy`: the TokenWise proxy against a bare relay and the mock upstream itself, same body, same
// duration. Prints added latency (p50/p99), throughput as a ratio of the relay's, the server CPU time per request
// and the proxy's memory over a long run. A script that prints figures, never a test.
//
// The machine may be shared, so every comparison is interleaved (direct, relay, proxy, direct, …) in short slices:
// background load then hits all three alike. CPU microseconds per request, measured inside the server process,
// are the figure least disturbed by other processes.
import { Agent } from 'node:http';
import { createRequestTracing } from '../../../packages/proxy/src/gateway/request-tracing.js';
import { ask, load as loadWith, percentile, sequential as sequentialWith, start } from './bench-tools.js';
import { runKeysAndMetrics } from './keys-metrics-section.js';

const SECONDS_PER_POINT = Number(process.env.BENCH_SECONDS ?? 5);
const SLICES = 5;
const SEQUENTIAL_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
// The memory run stops at MEMORY_REQUESTS or after this many seconds, whichever comes first.
const MEMORY_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 150);
const CONNECTIONS = [1, 10, 50];

const body = JSON.stringify({
  model: 'openai/gpt-4.1-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Say hello in one short sentence.' },
  ],
  max_tokens: 50,
});

// The same question through each door of the proxy (same upstream model, same max output).
const DOOR_CONNECTIONS = [1, 20];
const DOORS_ONLY = process.env.BENCH_DOORS_ONLY === '1';
const KEYS_ONLY = process.env.BENCH_KEYS_ONLY === '1';
const DATABASE_URL =
  process.env.TOKENWISE_DATABASE_URL ??
  process.env.TOKENWISE_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const system = 'You are a helpful assistant.';
const question = 'Say hello in one short sentence.';
const doorBodies = (stream: boolean) => ({
  chat: { path: '/v1/chat/completions', body: JSON.stringify({ ...JSON.parse(body), stream }) },
  responses: {
    path: '/v1/responses',
    body: JSON.stringify({
      model: 'openai/gpt-4.1-mini',
      instructions: system,
      input: question,
      max_output_tokens: 50,
      stream,
    }),
  },
  messages: {
    path: '/v1/messages',
    body: JSON.stringify({
      model: 'openai/gpt-4.1-mini',
      system,
      messages: [{ role: 'user', content: question }],
      max_tokens: 50,
      stream,
    }),
  },
});

type Target = 'direct' | 'relay' | 'proxy';
const TARGETS: Target[] = ['direct', 'relay', 'proxy'];

const sequential = (agent: Agent, url: URL, count: number, samples: number[]) =>
  sequentialWith(agent, url, count, samples, body);
const load = (url: string, connections: number, seconds: number, requestBody = body) =>
  loadWith(url, connections, seconds, requestBody);

const ms = (value: number) => `${value.toFixed(3)} ms`;
const signedMs = (value: number) => `${value < 0 ? '' : '+'}${ms(value)}`;
const signedMicros = (value: number) => `${value < 0 ? '' : '+'}${value.toFixed(0)}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const began = Date.now();
const upstream = await start<{ port: number }>('./mock-upstream.ts', []);
const upstreamUrl = `http://127.0.0.1:${upstream.info.port}`;
const servers = await start<{
  relayPort: number;
  proxyPort: number;
  undiciRelayPort: number;
  noLedgerPort: number;
  bareModelPort: number;
  globalFetchPort: number;
  tracingPort: number;
}>('./bench-servers.ts', [upstreamUrl], ['--expose-gc']);
const urls: Record<Target, string> = {
  direct: `${upstreamUrl}/v1/chat/completions`,
  relay: `http://127.0.0.1:${servers.info.relayPort}/v1/chat/completions`,
  proxy: `http://127.0.0.1:${servers.info.proxyPort}/v1/chat/completions`,
};
const cpu = async () => (await ask<{ cpuMicros: number }>(servers.child, 'cpu')).cpuMicros;

const keysAndMetrics = () =>
  runKeysAndMetrics({
    upstreamUrl,
    relayUrl: `http://127.0.0.1:${servers.info.undiciRelayPort}/v1/chat/completions`,
    body,
    secondsPerPoint: SECONDS_PER_POINT,
    slices: SLICES,
    sequentialRequests: SEQUENTIAL_REQUESTS,
    databaseUrl: DATABASE_URL,
  });

try {
  console.log(
    `TokenWise proxy benchmark (node ${process.version}, ${SECONDS_PER_POINT} s per point, interleaved)\n`,
  );
  if (KEYS_ONLY) {
    await keysAndMetrics();
    servers.child.kill();
    upstream.child.kill();
    process.exit(0);
  }

  // Doors: chat, Responses and Messages rows on the same proxy, interleaved slices, stream and not.
  console.log('Doors (autocannon on the proxy; requests/s, latency p50/p99 in whole ms of the last slice):');
  console.log('  door       stream  conns  req/s    p50/p99   vs chat');
  const proxyBase = `http://127.0.0.1:${servers.info.proxyPort}`;
  for (const stream of [false, true]) {
    const doors = doorBodies(stream);
    for (const connections of DOOR_CONNECTIONS) {
      const totals: Record<string, number> = {};
      const last: Record<string, { p50: number; p99: number }> = {};
      for (let slice = 0; slice < SLICES; slice++) {
        for (const [name, door] of Object.entries(doors)) {
          const result = await load(
            `${proxyBase}${door.path}`,
            connections,
            SECONDS_PER_POINT / SLICES,
            door.body,
          );
          totals[name] = (totals[name] ?? 0) + result.total;
          last[name] = result;
        }
      }
      for (const name of Object.keys(doors)) {
        const rps = (totals[name] ?? 0) / SECONDS_PER_POINT;
        const chat = (totals.chat ?? 0) / SECONDS_PER_POINT;
        console.log(
          `  ${name.padEnd(10)} ${String(stream).padEnd(6)}  ${String(connections).padStart(5)}  ${rps.toFixed(0).padStart(6)}  ${`${last[name]?.p50}/${last[name]?.p99}`.padStart(8)}  ${(rps / chat).toFixed(2).padStart(7)}`,
        );
      }
    }
  }
  console.log('');
  if (DOORS_ONLY) {
    servers.child.kill();
    upstream.child.kill();
    process.exit(0);
  }

  // 1 connection: exact per-request latency, interleaved in rounds; server CPU per request for relay and proxy.
  const agents = Object.fromEntries(TARGETS.map((t) => [t, new Agent({ keepAlive: true, maxSockets: 1 })]));
  const samples: Record<Target, number[]> = { direct: [], relay: [], proxy: [] };
  const cpuPerRequest: Record<Target, number> = { direct: 0, relay: 0, proxy: 0 };
  for (const target of TARGETS) await sequential(agents[target]!, new URL(urls[target]), 300, []); // warm-up
  // Short rounds, the order rotating each round, so drift in the machine's load hits every target alike.
  const rounds = 40;
  const roundDiffs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const roundSamples: Record<Target, number[]> = { direct: [], relay: [], proxy: [] };
    for (let i = 0; i < TARGETS.length; i++) {
      const target = TARGETS[(round + i) % TARGETS.length]!;
      const before = await cpu();
      await sequential(
        agents[target]!,
        new URL(urls[target]),
        SEQUENTIAL_REQUESTS / rounds,
        roundSamples[target],
      );
      cpuPerRequest[target] += (await cpu()) - before;
      samples[target].push(...roundSamples[target]);
    }
    const median = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        0.5,
      );
    roundDiffs.push(median(roundSamples.proxy) - median(roundSamples.relay));
  }
  roundDiffs.sort((a, b) => a - b);
  // Attribution: the same sequential load on variants of the proxy, one part swapped out (CPU per request
  // only), interleaved with the proxy itself in rotating rounds like the comparison above.
  const variants: Record<string, string> = {
    proxy: urls.proxy,
    "bare relay on the proxy's undici client": `http://127.0.0.1:${servers.info.undiciRelayPort}/v1/chat/completions`,
    "bare relay on Node's global fetch": urls.relay,
    'proxy without ledger': `http://127.0.0.1:${servers.info.noLedgerPort}/v1/chat/completions`,
    'proxy with a bare-fetch model': `http://127.0.0.1:${servers.info.bareModelPort}/v1/chat/completions`,
    "proxy on Node's global fetch (not undici request)": `http://127.0.0.1:${servers.info.globalFetchPort}/v1/chat/completions`,
    'proxy with tracing on': `http://127.0.0.1:${servers.info.tracingPort}/v1/chat/completions`,
  };
  const names = Object.keys(variants);
  const variantAgents = Object.fromEntries(
    names.map((n) => [n, new Agent({ keepAlive: true, maxSockets: 1 })]),
  );
  const variantCpu: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const name of names) await sequential(variantAgents[name]!, new URL(variants[name]!), 300, []);
  const variantRounds = 10;
  const perRound = SEQUENTIAL_REQUESTS / 2 / variantRounds;
  for (let round = 0; round < variantRounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const before = await cpu();
      await sequential(variantAgents[name]!, new URL(variants[name]!), perRound, []);
      variantCpu[name]! += ((await cpu()) - before) / (perRound * variantRounds);
    }
  }
  for (const agent of Object.values(variantAgents)) agent.destroy();
  for (const agent of Object.values(agents)) agent.destroy();
  console.log(`1 connection, ${SEQUENTIAL_REQUESTS} sequential requests per target (hrtime per request):`);
  const seq = Object.fromEntries(
    TARGETS.map((t) => {
      const sorted = [...samples[t]].sort((a, b) => a - b);
      return [t, { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) }];
    }),
  ) as Record<Target, { p50: number; p99: number }>;
  for (const t of TARGETS) {
    const cpuText =
      t === 'direct' ? '' : `  server CPU ${(cpuPerRequest[t] / SEQUENTIAL_REQUESTS).toFixed(0)} µs/request`;
    console.log(`  ${t.padEnd(6)} p50 ${ms(seq[t].p50)}  p99 ${ms(seq[t].p99)}${cpuText}`);
  }
  console.log(
    `  added over direct: relay p50 ${signedMs(seq.relay.p50 - seq.direct.p50)}, proxy p50 ${signedMs(seq.proxy.p50 - seq.direct.p50)}`,
  );
  console.log(
    `  proxy over relay:  p50 ${signedMs(seq.proxy.p50 - seq.relay.p50)}, p99 ${signedMs(seq.proxy.p99 - seq.relay.p99)}` +
      `, CPU ${signedMicros((cpuPerRequest.proxy - cpuPerRequest.relay) / SEQUENTIAL_REQUESTS)} µs/request (target ≤ 0.300 ms)`,
  );
  console.log(
    `  per-round p50 difference (${rounds} rounds): median ${signedMs(percentile(roundDiffs, 0.5))}, ` +
      `middle half ${signedMs(percentile(roundDiffs, 0.25))} … ${signedMs(percentile(roundDiffs, 0.75))}`,
  );
  console.log('  attribution (interleaved rounds, server CPU per request):');
  for (const [name, micros] of Object.entries(variantCpu)) {
    console.log(`    ${name}: ${micros.toFixed(0)} µs`);
  }
  // TokenWise's own work: the proxy minus a bare relay on the same upstream client, for both clients.
  const own = variantCpu.proxy! - variantCpu["bare relay on the proxy's undici client"]!;
  const ownOnFetch =
    variantCpu["proxy on Node's global fetch (not undici request)"]! -
    variantCpu["bare relay on Node's global fetch"]!;
  console.log(
    `  TokenWise's own work (proxy minus a bare relay on the same client, ledger included): ` +
      `${own.toFixed(0)} µs CPU/request on undici, ${ownOnFetch.toFixed(0)} µs on Node's fetch`,
  );
  console.log('');

  // Throughput: autocannon, interleaved 1-second slices per target.
  console.log('Throughput (autocannon; requests/s, latency p50/p99 in whole ms of the last slice):');
  console.log('  conns  direct          relay           proxy           proxy/relay  proxy/direct');
  for (const connections of CONNECTIONS) {
    const totals: Record<Target, number> = { direct: 0, relay: 0, proxy: 0 };
    const last: Record<Target, { p50: number; p99: number }> = {
      direct: { p50: 0, p99: 0 },
      relay: { p50: 0, p99: 0 },
      proxy: { p50: 0, p99: 0 },
    };
    for (let slice = 0; slice < SLICES; slice++) {
      for (const target of TARGETS) {
        const result = await load(urls[target], connections, SECONDS_PER_POINT / SLICES);
        totals[target] += result.total;
        last[target] = result;
      }
    }
    const rps = (t: Target) => totals[t] / SECONDS_PER_POINT;
    const cell = (t: Target) =>
      `${rps(t).toFixed(0).padStart(6)} ${`${last[t].p50}/${last[t].p99}`.padStart(8)}`;
    console.log(
      `  ${String(connections).padStart(5)}  ${cell('direct')}  ${cell('relay')}  ${cell('proxy')}  ${(rps('proxy') / rps('relay')).toFixed(2).padStart(11)}  ${(rps('proxy') / rps('direct')).toFixed(2).padStart(12)}`,
    );
  }

  // Tracing: on (an SDK provider, spans batched and dropped in-process) vs off (no provider: the default), the
  // same proxy otherwise; interleaved p50 at 1 connection and throughput at 10 connections.
  const traced = `http://127.0.0.1:${servers.info.tracingPort}/v1/chat/completions`;
  const tracingAgents = [
    new Agent({ keepAlive: true, maxSockets: 1 }),
    new Agent({ keepAlive: true, maxSockets: 1 }),
  ];
  const off: number[] = [];
  const on: number[] = [];
  await sequential(tracingAgents[1]!, new URL(traced), 300, []);
  for (let round = 0; round < 20; round++) {
    const pair: Array<[Agent, string, number[]]> = [
      [tracingAgents[0]!, urls.proxy, off],
      [tracingAgents[1]!, traced, on],
    ];
    if (round % 2 === 1) pair.reverse();
    for (const [agent, url, into] of pair)
      await sequential(agent, new URL(url), SEQUENTIAL_REQUESTS / 20, into);
  }
  for (const agent of tracingAgents) agent.destroy();
  const p50 = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  let throughputOff = 0;
  let throughputOn = 0;
  for (let slice = 0; slice < SLICES; slice++) {
    throughputOff += (await load(urls.proxy, 10, SECONDS_PER_POINT / SLICES)).total;
    throughputOn += (await load(traced, 10, SECONDS_PER_POINT / SLICES)).total;
  }
  const { exportedSpans } = await ask<{ exportedSpans: number }>(servers.child, 'spans');
  // Tracing off costs one check per request (is an SDK provider registered?): timed here on its own.
  const offCheck = createRequestTracing(undefined, 'bench');
  const probe = new Request('http://127.0.0.1/v1/chat/completions', { method: 'POST' });
  const checks = 1_000_000;
  const checkStarted = process.hrtime.bigint();
  for (let i = 0; i < checks; i++) offCheck(probe, 'chat');
  const checkNanos = Number(process.hrtime.bigint() - checkStarted) / checks;
  console.log('\nTracing (OpenTelemetry; on = SDK provider, batch processor, spans dropped in-process):');
  console.log(
    `  1 connection p50: off ${ms(p50(off))}, on ${ms(p50(on))}, added ${signedMs(p50(on) - p50(off))}` +
      `; CPU on vs off: ${signedMicros(variantCpu['proxy with tracing on']! - variantCpu.proxy!)} µs/request`,
  );
  console.log(
    `  10 connections: off ${(throughputOff / SECONDS_PER_POINT).toFixed(0)} req/s, on ${(throughputOn / SECONDS_PER_POINT).toFixed(0)} req/s` +
      ` (${((throughputOn / throughputOff - 1) * 100).toFixed(1)}%); ${exportedSpans} spans exported`,
  );
  console.log(
    `  tracing off: ${checkNanos.toFixed(1)} ns per request for the provider check (target ≤ 0.01 ms)`,
  );

  await keysAndMetrics();

  // Memory: keep loading the proxy and sample its process after GC.
  const before = await ask<{ rss: number; heapUsed: number }>(servers.child, 'stats');
  const points: Array<{ after: number; rss: number; heapUsed: number }> = [];
  let served = 0;
  const memoryStarted = Date.now();
  while (served < MEMORY_REQUESTS && Date.now() - memoryStarted < MEMORY_SECONDS * 1000) {
    served += (await load(urls.proxy, 50, 5)).total;
    points.push({ after: served, ...(await ask<{ rss: number; heapUsed: number }>(servers.child, 'stats')) });
  }
  console.log(
    `\nMemory of the server process after GC (proxy loaded at 50 connections; relay idle in the same process):` +
      `${served < MEMORY_REQUESTS ? ` ${served} requests — ${MEMORY_REQUESTS} did not fit in ${MEMORY_SECONDS} s at this rate` : ''}`,
  );
  console.log(`  before          : rss ${mb(before.rss)}, heap ${mb(before.heapUsed)}`);
  for (const point of points) {
    console.log(
      `  after ${String(point.after).padStart(7)} req: rss ${mb(point.rss)}, heap ${mb(point.heapUsed)}`,
    );
  }
  console.log(`\nTotal bench time ${((Date.now() - began) / 1000).toFixed(0)} s.`);
} finally {
  servers.child.kill();
  upstream.child.kill();
}
