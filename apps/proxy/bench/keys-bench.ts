// `pnpm bench:proxy:keys`: what a virtual key costs per request. The composed proxy (same code as `main.ts`) is
// served three ways against the test kit's OpenAI mock (in its own process, on loopback): static keys (no
// virtual keys: the baseline), virtual keys in memory, and virtual keys on PostgreSQL. Prints p50/p99 at 1
// connection (sequential, interleaved rounds), throughput at 20 connections as a ratio of the baseline, and the
// database transactions per request (`pg_stat_database.xact_commit` of the database; other clients of the same
// database add noise, so run it on a quiet server). Needs TOKENWISE_DATABASE_URL (default the test server).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { composeProxy } from '../src/compose.js';
import { readProxyEnv } from '../src/env.js';

const DATABASE_URL = process.env.TOKENWISE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 600);
const ROUNDS = 3;
const ADMIN_KEY = 'bench-admin-key-0123456789';
const body = JSON.stringify({
  model: 'openai/mini',
  messages: [{ role: 'user', content: 'Say hello in five words.' }],
  max_tokens: 50,
});

type Variant = 'static keys' | 'memory keys' | 'postgres keys';
const VARIANTS: Variant[] = ['static keys', 'memory keys', 'postgres keys'];

const upstream: ChildProcess = fork(new URL('./mock-upstream.ts', import.meta.url), {
  execArgv: ['--conditions=@tokenwise/source', '--import', 'tsx'],
});
const upstreamPort = await new Promise<number>((resolve) =>
  upstream.once('message', (m) => resolve((m as { port: number }).port)),
);
const dir = mkdtempSync(join(tmpdir(), 'tokenwise-keys-bench-'));
writeFileSync(
  join(dir, 'models.yaml'),
  'models:\n  - id: openai/mini\n    input_price: 0.1\n    output_price: 0.4\n',
);
const schema = `tw_bench_keys_${process.pid}`;
const sql = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });

async function start(variant: Variant) {
  const env = readProxyEnv({
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    TOKENWISE_LOCAL_MODELS: join(dir, 'models.yaml'),
    TOKENWISE_LEDGER_PATH: join(dir, `${variant.replace(' ', '-')}.jsonl`),
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: `http://127.0.0.1:${upstreamPort}/v1`,
    TOKENWISE_PROXY_PORT: '0',
    ...(variant === 'static keys'
      ? { TOKENWISE_PROXY_KEYS: 'sk-static-bench' }
      : { TOKENWISE_ADMIN_KEY: ADMIN_KEY }),
    ...(variant === 'postgres keys'
      ? { TOKENWISE_DATABASE_URL: DATABASE_URL, TOKENWISE_DATABASE_SCHEMA: schema }
      : {}),
  });
  const composed = await composeProxy(env, { offline: true, logger: { warn: () => {}, error: () => {} } });
  let secret = 'sk-static-bench';
  if (variant !== 'static keys') {
    const created = await composed.app.request('/admin/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ name: 'bench', budget_usd: '100000' }),
    });
    secret = ((await created.json()) as { secret: string }).secret;
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: composed.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/v1/chat/completions`, secret, server, composed };
}

const targets = new Map<Variant, Awaited<ReturnType<typeof start>>>();
for (const variant of VARIANTS) targets.set(variant, await start(variant));

const transactions = async () => {
  const [row] =
    await sql`select xact_commit::text as n from pg_stat_database where datname = current_database()`;
  return Number((row as { n: string }).n);
};

async function sequential(url: string, secret: string, count: number, samples: number[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${secret}` };
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
    if (status !== 200) throw new Error(`status ${status}`);
    samples.push(performance.now() - t0);
  }
  agent.destroy();
}

const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

console.log(
  `Virtual keys bench: ${SEQUENTIAL} sequential requests per variant in ${ROUNDS} rounds, ${SECONDS} s at 20 connections.`,
);
const samples = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
let pgRequests = 0;
let pgTransactions = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of VARIANTS) {
    const target = targets.get(variant)!;
    const count = Math.ceil(SEQUENTIAL / ROUNDS);
    const before = variant === 'postgres keys' ? await transactions() : 0;
    await sequential(target.url, target.secret, count, samples.get(variant)!);
    if (variant === 'postgres keys') {
      // Let the ledger batch of the last requests commit, and the statistics collector catch up.
      await target.composed.app.flushLedger();
      await new Promise((r) => setTimeout(r, 600));
      pgTransactions += (await transactions()) - before;
      pgRequests += count;
    }
  }
}
console.log('\n1 connection (sequential):');
const base = percentile(samples.get('static keys')!, 0.5);
for (const variant of VARIANTS) {
  const s = samples.get(variant)!;
  const p50 = percentile(s, 0.5);
  console.log(
    `  ${variant.padEnd(14)} p50 ${p50.toFixed(3)} ms  p99 ${percentile(s, 0.99).toFixed(3)} ms  added p50 over static keys ${(p50 - base >= 0 ? '+' : '') + (p50 - base).toFixed(3)} ms`,
  );
}
console.log(
  `  database transactions per request (postgres keys): ${(pgTransactions / pgRequests).toFixed(2)} (xact_commit delta ${pgTransactions} over ${pgRequests} requests)`,
);

console.log('\n20 connections:');
const rps = new Map<Variant, number>();
for (const variant of VARIANTS) {
  const target = targets.get(variant)!;
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.secret}` },
    body,
    connections: 20,
    duration: SECONDS,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  rps.set(variant, result.requests.average);
  console.log(
    `  ${variant.padEnd(14)} ${result.requests.average.toFixed(0)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ratio to static keys ${(result.requests.average / (rps.get('static keys') ?? result.requests.average)).toFixed(2)}${failed > 0 ? `  (${failed} failed)` : ''}`,
  );
}

for (const target of targets.values()) {
  target.server.close();
  await target.composed.close();
}
await sql.unsafe(`drop schema if exists "${schema}" cascade`);
await sql.end({ timeout: 5 });
upstream.kill();
process.exit(0);
