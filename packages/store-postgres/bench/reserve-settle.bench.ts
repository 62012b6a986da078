// Reserve/settle throughput of ONE hot key shared by 3 replicas, with the latency of a reserve and a settle and the
// database round trips each costs (a settle is written behind: its latency is the local answer, its round trip
// is still made, and a run ends when the last one landed). Replicas are 3 separate processes (each with its own pool, as deployed), and
// for attribution 3 pools in this one process, 1 pool, and the memory store. Prints figures; asserts nothing.
//   pnpm --filter @tokenwise/store-postgres bench   [BENCH_SECONDS=5 BENCH_CONCURRENCY=16 BENCH_POOL=8]
import { fork } from 'node:child_process';
import { createMemoryBudgetStore } from '@tokenwise/core';
import type { BudgetStore } from '@tokenwise/spec';
import postgres from 'postgres';
import { createPostgresBudgetStore } from '../src/postgres-budget-store.js';
import { redactDatabaseUrl } from '../src/redact-database-url.js';
import { runMigrations } from '../src/run-migrations.js';

const url =
  process.env.TOKENWISE_DATABASE_URL ??
  process.env.TOKENWISE_TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const poolSize = Number(process.env.BENCH_POOL ?? 8);
const replicas = 3;
const schema = `tw_bench_${process.pid}`;

interface Run {
  ops: number;
  refused: number;
  reserveMs: number[];
  settleMs: number[];
  elapsedMs: number;
}

async function drive(stores: BudgetStore[], scopes: string[], forSeconds = seconds): Promise<Run> {
  const run: Run = { ops: 0, refused: 0, reserveMs: [], settleMs: [], elapsedMs: 0 };
  const deadline = performance.now() + forSeconds * 1000;
  let next = 0;
  const worker = async (store: BudgetStore) => {
    while (performance.now() < deadline) {
      const id = `b${process.pid}-${next++}`; // unique across processes too
      const t0 = performance.now();
      const result = await store.reserve({ id, scopes, amount: 1_000n, leaseMs: 60_000 });
      const t1 = performance.now();
      run.reserveMs.push(t1 - t0);
      if (!result.ok) {
        run.refused++;
        continue;
      }
      await store.settle(id, 700n);
      run.settleMs.push(performance.now() - t1);
      run.ops++;
    }
  };
  const start = performance.now();
  await Promise.all(stores.flatMap((store) => Array.from({ length: concurrency }, () => worker(store))));
  // The PostgreSQL store writes settles behind: the run ends when the last one is in the database.
  await Promise.all(stores.map((store) => (store as { flush?: () => Promise<void> }).flush?.()));
  run.elapsedMs = performance.now() - start;
  return run;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function report(label: string, run: Run): void {
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(
    `${label.padEnd(44)} ${(run.ops / (run.elapsedMs / 1000)).toFixed(0).padStart(7)} reserve+settle/s` +
      `  reserve p50 ${fmt(percentile(run.reserveMs, 50))} p99 ${fmt(percentile(run.reserveMs, 99))}` +
      `  settle p50 ${fmt(percentile(run.settleMs, 50))} p99 ${fmt(percentile(run.settleMs, 99))}` +
      (run.refused > 0 ? `  (${run.refused} refused)` : ''),
  );
}

async function main(): Promise<void> {
  console.log(
    `store-postgres bench: ${replicas} pools × ${poolSize} connections, ${concurrency} concurrent callers per pool, ` +
      `${seconds}s per run, one hot key + its team, database ${redactDatabaseUrl(url)}`,
  );
  let roundTrips = 0;
  const pools = Array.from({ length: replicas }, () =>
    postgres(url, {
      max: poolSize,
      onnotice: () => {},
      // BENCH_SYNC_COMMIT=off shows how much of a reserve is the WAL flush at commit (not a recommended setting).
      connection: { search_path: schema, synchronous_commit: process.env.BENCH_SYNC_COMMIT ?? 'on' },
      debug: () => void roundTrips++,
    }),
  );
  try {
    await runMigrations(pools[0]!, schema);
    const stores = pools.map((sql) => createPostgresBudgetStore(sql));
    const scopes = ['key:hot', 'team:hot'];
    await stores[0]!.define([
      { id: 'key:hot', limit: 10n ** 30n, period: '1d' },
      { id: 'team:hot', limit: 10n ** 30n, period: 'month' },
    ]);

    // Round trips: count the queries the driver sends for one reserve and one settle.
    roundTrips = 0;
    await stores[0]!.reserve({ id: 'probe', scopes, amount: 1n, leaseMs: 60_000 });
    const perReserve = roundTrips;
    roundTrips = 0;
    await stores[0]!.settle('probe', 1n);
    await stores[0]!.flush();
    const perSettle = roundTrips;
    console.log(`round trips: ${perReserve} per reserve, ${perSettle} per settle (one function call each)`);

    await drive(stores, scopes); // warm-up: prepared statements, caches
    const shared = await drive(stores, scopes);
    report('PostgreSQL, 3 replicas, 1 hot key', shared);
    const one = await drive(stores.slice(0, 1), scopes);
    report('PostgreSQL, 1 replica, 1 hot key', one);
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:hot' }, { id: 'team:hot' }]);
    report('memory store (one process), 1 hot key', await drive([memory], scopes));

    report('PostgreSQL, 3 replica processes, 1 hot key', await driveProcesses());

    const snapshot = await stores[1]!.snapshot('key:hot');
    console.log(
      `check: open reservations after the runs ${snapshot?.openReservations}, reserved ${snapshot?.reserved} pico-USD`,
    );
  } finally {
    await pools[0]!.unsafe(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await Promise.all(pools.map((sql) => sql.end({ timeout: 5 })));
  }
}

/**
 * The same load from 3 child processes (this script in `worker` mode), each with its own pool of `poolSize`
 * connections and `concurrency` callers, started together once all are connected and warmed up.
 */
async function driveProcesses(): Promise<Run> {
  const workers = Array.from({ length: replicas }, () =>
    fork(new URL(import.meta.url), ['worker', schema], {
      execArgv: ['--conditions=@tokenwise/source', '--import', 'tsx'],
    }),
  );
  const runs = workers.map(
    (worker) =>
      new Promise<Run>((resolve, reject) => {
        worker.on('message', (message: { type: string; run?: Run }) => {
          if (message.type === 'done') resolve(message.run!);
        });
        worker.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
      }),
  );
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) =>
          worker.on('message', (message: { type: string }) => message.type === 'ready' && resolve()),
        ),
    ),
  );
  for (const worker of workers) worker.send({ type: 'go' });
  const results = await Promise.all(runs);
  return {
    ops: results.reduce((sum, run) => sum + run.ops, 0),
    refused: results.reduce((sum, run) => sum + run.refused, 0),
    reserveMs: results.flatMap((run) => run.reserveMs),
    settleMs: results.flatMap((run) => run.settleMs),
    // The processes ran over the same window; the longest one bounds it.
    elapsedMs: Math.max(...results.map((run) => run.elapsedMs)),
  };
}

/** One replica process: its own pool on the parent's schema; warms up, waits for `go`, drives, reports. */
async function worker(workerSchema: string): Promise<void> {
  const sql = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connection: { search_path: workerSchema, synchronous_commit: process.env.BENCH_SYNC_COMMIT ?? 'on' },
  });
  const store = createPostgresBudgetStore(sql);
  await drive([store], ['key:hot', 'team:hot'], 1);
  const go = new Promise<void>((resolve) =>
    process.on('message', (message: { type: string }) => message.type === 'go' && resolve()),
  );
  process.send?.({ type: 'ready' });
  await go;
  const run = await drive([store], ['key:hot', 'team:hot']);
  process.send?.({ type: 'done', run });
  await sql.end({ timeout: 5 });
  process.disconnect?.();
}

if (process.argv[2] === 'worker') await worker(process.argv[3]!);
else await main();
