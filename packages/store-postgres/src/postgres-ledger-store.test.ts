import { summarizeRecords } from '@tokenwise/ledger';
import type { CallRecord, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  testDatabaseUrl,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import type { PostgresStores } from './create-postgres-stores.js';
import { openPostgresLedgerStore } from './postgres-ledger-store.js';

const SEED = 4_242;

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** A mix like a real ledger: attempts, requests and tasks, odd timestamps, missing sources, huge amounts. */
function sampleRecords(count: number): LedgerRecord[] {
  const random = seeded(SEED);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const models = ['openai/gpt-4.1-mini', 'anthropic/claude-haiku', '__proto__', 'google/gemini-flash'];
  const stamps = [
    () => new Date(Date.UTC(2027, 2, 1 + Math.floor(random() * 20), Math.floor(random() * 24))).toISOString(),
    () => '2027-03-10T23:30:00+02:00',
    () => '2027-03-10T23:30:00-05:00',
    () => '2027-03-11T08:00:00.123456+00:00',
    () => 'not a time',
  ];
  const records: LedgerRecord[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const timestamp = pick(stamps)();
    if (roll < 0.2) {
      const entries = Array.from({ length: Math.floor(random() * 4) }, () => ({
        reason: 'step 1 attempt 1',
        modelId: pick(models),
        inputTokens: Math.floor(random() * 5000),
        outputTokens: Math.floor(random() * 900),
        cost: BigInt(Math.floor(random() * 1e9)),
        success: random() < 0.7,
      }));
      const entriesCost = entries.reduce((sum, entry) => sum + entry.cost, 0n);
      const task: TaskRecord = {
        kind: 'task',
        timestamp,
        task: `task ${i}`,
        success: random() < 0.6,
        totalCost: entriesCost + (random() < 0.5 ? BigInt(Math.floor(random() * 1e7)) : 0n),
        plannerCost: BigInt(Math.floor(random() * 1e6)),
        wastedCost: entries.filter((entry) => !entry.success).reduce((sum, entry) => sum + entry.cost, 0n),
        entries,
        routingTrace: {
          requestId: 'a1b2c3d4e5f6',
          initialModel: pick(models),
          initialTier: 'budget',
          escalationPolicy: 'flexible',
          escalations: [],
          finalModel: pick(models),
          finalTier: 'mid',
          terminationState: 'completed',
          budgetUsed: 123n,
          budgetRemaining: 0n,
          traceLevel: 'basic',
        },
      };
      if (random() < 0.5) task.source = 'cli';
      if (random() < 0.3) task.budget = 10n ** 13n;
      records.push(task);
      continue;
    }
    const call: CallRecord = {
      kind: roll < 0.35 ? 'request' : 'attempt',
      timestamp,
      source: pick(['proxy', 'library', 'cli']),
      reason: 'proxy request',
      modelId: pick(models),
      inputTokens: Math.floor(random() * 5000),
      outputTokens: Math.floor(random() * 900),
      cost: random() < 0.02 ? 10n ** 25n : BigInt(Math.floor(random() * 1e10)),
      success: random() < 0.8,
      requestId: `req-${i}`,
      keyId: random() < 0.5 ? 'key_a' : 'key_b',
      teamId: 'team_x',
      outcome: 'ok',
      reserved: 5n,
    };
    if (random() < 0.1) call.costSource = 'unpriced';
    records.push(call);
  }
  return records;
}

describeWithDatabase('PostgreSQL ledger store', () => {
  const schema = uniqueSchema('ledger');
  let stores: PostgresStores;
  const records = sampleRecords(400);

  beforeAll(async () => {
    stores = await openTestStores(schema, { ledger: { batchSize: 64, flushMs: 2 } });
    await Promise.all(records.map((record) => stores.ledgerStore!.append(record)));
  });
  afterAll(async () => {
    await stores.close();
    await dropSchema(schema);
  });

  it('reads every record back identical, oldest first, with limit and since', async () => {
    const ledger = stores.ledgerStore!;
    const all: LedgerRecord[] = [];
    for await (const record of ledger.read()) all.push(record);
    expect(all).toEqual(records);
    const last: LedgerRecord[] = [];
    for await (const record of ledger.read({ limit: 7 })) last.push(record);
    expect(last).toEqual(records.slice(-7));
    const none: LedgerRecord[] = [];
    for await (const record of ledger.read({ limit: 0 })) none.push(record);
    expect(none).toEqual([]);
    const since = '2027-03-10T00:00:00Z';
    const recent: LedgerRecord[] = [];
    for await (const record of ledger.read({ since })) recent.push(record);
    const sinceMs = Date.parse(since);
    expect(recent).toEqual(records.filter((record) => Date.parse(record.timestamp) >= sinceMs));
    expect(() => ledger.read({ limit: -1 })).toThrow(/Invalid ledger limit/);
  });

  it(`summarises exactly as @tokenwise/ledger does for the same records (seed ${SEED})`, async () => {
    const ledger = stores.ledgerStore!;
    expect(await ledger.summary()).toEqual(await summarizeRecords(records));
    const since = new Date('2027-03-12T00:00:00Z');
    expect(await ledger.summary({ since })).toEqual(
      await summarizeRecords(records.filter((record) => Date.parse(record.timestamp) >= since.getTime())),
    );
  });

  it('stores amounts as exact integers, never floats', async () => {
    const sql = postgres(testDatabaseUrl!, { max: 1, connection: { search_path: schema } });
    try {
      const types = await sql<{ column_name: string; data_type: string }[]>`
        select column_name, data_type from information_schema.columns
         where table_schema = ${schema} and data_type in ('real', 'double precision')`;
      expect(types).toEqual([]);
      const [max] = await sql<{ cost: string }[]>`select max(cost)::text as cost from ledger_records`;
      expect(max!.cost).toBe((10n ** 25n).toString());
    } finally {
      await sql.end();
    }
  });

  it('reports a writer that died without closing, once, at the next start', async () => {
    const crashSchema = uniqueSchema('crash');
    const options = { ledger: { heartbeatMs: 50, staleAfterMs: 400 } };
    const live = await openTestStores(crashSchema, options);
    // A process opens the ledger on its own pool, writes, and dies: its pool goes away without a close.
    const doomed = postgres(testDatabaseUrl!, { max: 2, connection: { search_path: crashSchema } });
    const crashed = await openPostgresLedgerStore(doomed, options.ledger);
    await crashed.append(records[1]!);
    const { writerId } = crashed;
    await doomed.end();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [next, again] = await Promise.all([
      openTestStores(crashSchema, options),
      openTestStores(crashSchema, options),
    ]);
    try {
      const warnings = [...next.ledgerStore!.crashWarnings, ...again.ledgerStore!.crashWarnings];
      // The crashed writer is reported once; the live one (heartbeat running) never.
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(writerId);
      expect(warnings[0]).toMatch(/stopped without closing/);
      expect(live.ledgerStore!.crashWarnings).toEqual([]);
      const third = await openTestStores(crashSchema, options);
      expect(third.ledgerStore!.crashWarnings).toEqual([]);
      await third.close();
    } finally {
      await Promise.all([live.close(), next.close(), again.close()]);
      await dropSchema(crashSchema);
    }
  });
});
