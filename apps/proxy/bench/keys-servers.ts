// The systems under test of `pnpm bench:proxy`'s keys and metrics section, in one child process: the proxy as
// `main.ts` composes it (`composeProxyServer`: bundled catalog, tokenizers, request log, Prometheus metrics, the
// pooled upstream client) served four ways in front of the mock upstream —
//   `no key`             no virtual keys (the baseline: metrics on, as by default)
//   `no key, metrics off` the same without Prometheus metrics
//   `memory key`         a virtual key on the embedded stores (memory budget and key stores, JSONL ledger)
//   `postgres key`       a virtual key on PostgreSQL (budget, key and ledger stores, as with TOKENWISE_DATABASE_URL)
// Request log lines are formatted and dropped (level info, as deployed). Every statement the PostgreSQL stores
// send is counted (one round trip each) and reported over IPC, split into ledger writes and the rest.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createMemoryBudgetStore, createMemoryKeyStore, loadConfig } from '@tokenwise/core';
import { createJsonlLedgerStore } from '@tokenwise/ledger/node';
import { type BudgetStore, type KeyStore, type LedgerStore, usd } from '@tokenwise/spec';
import { createPostgresStores } from '@tokenwise/store-postgres';
import { type ComposedProxyServer, composeProxyServer } from 'tokenwise/proxy-server';

const upstream = process.argv[2] ?? 'http://127.0.0.1:1';
const databaseUrl = process.argv[3] ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'tokenwise-keys-bench-'));
const schema = `tw_bench_keys_${process.pid}`;
const env = {
  OPENAI_API_KEY: 'bench',
  OPENAI_BASE_URL: `${upstream}/v1`,
  TOKENWISE_LEDGER_PATH: join(dir, 'ledger.jsonl'),
};
const settings = loadConfig({ env });
const discard = { write: () => {} };
const queries = { ledger: 0, other: 0 };
// Statements by their first words, to say which ones a request costs.
const byStatement = new Map<string, number>();

async function compose(
  name: string,
  options: {
    metrics?: boolean;
    stores?: { keyStore: KeyStore; budgetStore: BudgetStore; location: string };
    ledger?: LedgerStore;
  } = {},
): Promise<ComposedProxyServer> {
  return composeProxyServer(settings, {
    server: 'apps/proxy',
    version: 'bench',
    env,
    host: '127.0.0.1',
    logDestination: discard,
    ledger: {
      store: options.ledger ?? createJsonlLedgerStore({ path: join(dir, `${name}.jsonl`) }),
      location: name,
    },
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.stores === undefined ? {} : { stores: options.stores }),
  });
}

function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<number> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
    (server as Server).keepAliveTimeout = 60_000;
  });
}

/** A key with a budget far above what the bench spends, so no request is refused. */
async function benchKey(keyStore: KeyStore): Promise<string> {
  return (await keyStore.createKey({ name: 'bench', budget: usd('100000'), period: '30d' })).secret;
}

const memoryBudget = createMemoryBudgetStore();
const memoryKeys = createMemoryKeyStore({ budgetStore: memoryBudget });
const pg = await createPostgresStores({
  url: databaseUrl,
  schema,
  onQuery: (query) => {
    const head = query.replace(/\s+/g, ' ').trim().slice(0, 48);
    byStatement.set(head, (byStatement.get(head) ?? 0) + 1);
    if (/insert into\s+ledger_/i.test(query) || /ledger_writers/i.test(query)) queries.ledger++;
    else queries.other++;
  },
});

// How long the proxy waits for each reservation on PostgreSQL (the one round trip on a request's path), and the
// database's floor from this same process: a bare round trip and a one-row durable commit, the least any
// reservation that survives a database crash can cost here.
const reserveWaits: number[] = [];
const pgBudget = pg.budgetStore;
const timedPgBudget: BudgetStore = {
  define: (definitions) => pgBudget.define(definitions),
  remaining: (scopes) => pgBudget.remaining(scopes),
  async reserve(reservation) {
    const started = performance.now();
    try {
      return await pgBudget.reserve(reservation);
    } finally {
      reserveWaits.push(performance.now() - started);
    }
  },
  settle: (id, actual) => pgBudget.settle(id, actual),
  release: (id) => pgBudget.release(id),
  renew: (id, leaseMs) => pgBudget.renew(id, leaseMs),
  snapshot: (scope) => pgBudget.snapshot(scope),
  expireLeases: () => pgBudget.expireLeases(),
};

/** p50s of the database floor, back to back and after a 2 ms pause (see `databaseFloor`). */
export type DatabaseFloor = Record<
  'roundTrip' | 'durableCommit' | 'reserve',
  { busy: number; paused: number }
>;

/**
 * The database as the proxy's process meets it, without HTTP: a bare round trip, a one-row durable commit and the
 * budget store's own reserve (its settle written behind), each `count` times back to back and `count` times after
 * a 2 ms pause — the pace of the bench's sequential requests, which lets every process involved fall idle, so the
 * second figure includes what waking them costs on this machine.
 */
async function databaseFloor(count: number): Promise<DatabaseFloor> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
  const p50 = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  let n = 0;
  const time = async (operation: () => Promise<unknown>) => {
    const figures = { busy: [] as number[], paused: [] as number[] };
    for (const pace of ['busy', 'paused'] as const) {
      for (let i = 0; i < count; i++) {
        if (pace === 'paused') await new Promise((resolve) => setTimeout(resolve, 2));
        const started = performance.now();
        await operation();
        figures[pace].push(performance.now() - started);
      }
    }
    return { busy: p50(figures.busy), paused: p50(figures.paused) };
  };
  try {
    await sql`create table if not exists bench_floor (id bigserial primary key, at bigint not null)`;
    await pgBudget.define([{ id: 'bench:floor' }]);
    const floor: DatabaseFloor = {
      roundTrip: await time(() => sql`select 1`),
      durableCommit: await time(() => sql`insert into bench_floor (at) values (${Date.now()})`),
      reserve: await time(async () => {
        const id = `floor-${n++}`;
        await pgBudget.reserve({ id, scopes: ['bench:floor'], amount: 1_000n, leaseMs: 60_000 });
        // Written behind: it does not count in the time, and lands with its batch.
        void pgBudget.settle(id, 700n);
      }),
    };
    await pgBudget.flush();
    return floor;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const noMetricsLedger = createJsonlLedgerStore({ path: join(dir, 'no-metrics.jsonl') });
const composed = {
  'no key': await compose('no-key'),
  'no key, metrics off': await compose('no-metrics', { metrics: false, ledger: noMetricsLedger }),
  'memory key': await compose('memory-key', {
    stores: { keyStore: memoryKeys, budgetStore: memoryBudget, location: 'memory' },
  }),
  'postgres key': await compose('postgres-key', {
    stores: { keyStore: pg.keyStore, budgetStore: timedPgBudget, location: pg.displayUrl },
    ledger: pg.ledgerStore!,
  }),
};
const secrets: Record<string, string> = {
  'memory key': await benchKey(memoryKeys),
  'postgres key': await benchKey(pg.keyStore),
};
const ports: Record<string, number> = {};
for (const [name, server] of Object.entries(composed)) ports[name] = await listen(server.app.fetch);

process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ type: 'cpu', cpuMicros: user + system });
  }
  if (message.type === 'queries') {
    // Flush the ledger batch in flight, so its inserts are counted with the requests that made them.
    await composed['postgres key'].app.flushLedger();
    process.send?.({ type: 'queries', ...queries, byStatement: [...byStatement] });
  }
  if (message.type === 'reserveWaits') {
    process.send?.({ type: 'reserveWaits', waits: reserveWaits.splice(0) });
  }
  if (message.type === 'floor') {
    process.send?.({ type: 'floor', floor: await databaseFloor(300) });
  }
  if (message.type === 'metricsCost') {
    // What metrics cost per request, timed alone: the records of the last request the metrics-off proxy served
    // (one attempt, one request record), fed to its own registry — the one that no request feeds — in a loop.
    const { metrics } = composed['no key, metrics off'];
    const records = [];
    for await (const record of noMetricsLedger.read({ limit: 2 })) records.push(record);
    const loops = 100_000;
    for (let i = 0; i < 10_000; i++) for (const record of records) metrics.onRecord(record);
    const started = process.hrtime.bigint();
    for (let i = 0; i < loops; i++) for (const record of records) metrics.onRecord(record);
    const nanos = Number(process.hrtime.bigint() - started) / loops;
    process.send?.({ type: 'metricsCost', nanos, records: records.map((record) => record.kind) });
  }
  if (message.type === 'exit') {
    for (const server of Object.values(composed)) await server.close().catch(() => {});
    await pg.close().catch(() => {});
    // The schema was this run's alone.
    const { default: postgres } = await import('postgres');
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await sql.unsafe(`drop schema if exists "${schema}" cascade`).catch(() => {});
    await sql.end({ timeout: 5 });
    process.exit(0);
  }
});
process.send?.({ type: 'ready', ports, secrets });
