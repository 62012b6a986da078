// Reserve/settle throughput of ONE hot key shared by 3 replicas (3 connection pools on one database), with the
// latency of a reserve and a settle and the database round trips each costs. Prints figures; asserts nothing.
//   pnpm --filter @tokenwise/store-postgres bench   [BENCH_SECONDS=5 BENCH_CONCURRENCY=16 BENCH_POOL=8]
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

async function drive(stores: BudgetStore[], scopes: string[]): Promise<Run> {
  const run: Run = { ops: 0, refused: 0, reserveMs: [], settleMs: [], elapsedMs: 0 };
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const worker = async (store: BudgetStore) => {
    while (performance.now() < deadline) {
      const id = `b${process.pid}-${next++}`;
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
    `${label.padEnd(34)} ${(run.ops / (run.elapsedMs / 1000)).toFixed(0).padStart(7)} reserve+settle/s` +
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

    const snapshot = await stores[1]!.snapshot('key:hot');
    console.log(
      `check: open reservations after the runs ${snapshot?.openReservations}, reserved ${snapshot?.reserved} pico-USD`,
    );
  } finally {
    await pools[0]!.unsafe(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await Promise.all(pools.map((sql) => sql.end({ timeout: 5 })));
  }
}

await main();
