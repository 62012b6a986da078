import postgres from 'postgres';
import { afterEach, expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  testDatabaseUrl,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import { createPostgresBudgetStore } from './postgres-budget-store.js';
import { runMigrations } from './run-migrations.js';

// The budget's own connection: back-to-back reserves and settle batches take it, and a call that finds it busy
// takes the pool instead of queueing behind it.

const schemas: string[] = [];
afterEach(async () => {
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});

describeWithDatabase('PostgreSQL budget store: its own connection', () => {
  it('sends back-to-back calls on the lane and overflow to the pool', async () => {
    const schema = uniqueSchema('lane');
    schemas.push(schema);
    const sent = { pool: [] as string[], lane: [] as string[] };
    const open = (max: number, into: string[]) =>
      postgres(testDatabaseUrl!, {
        max,
        onnotice: () => {},
        connection: { search_path: schema },
        debug: (_connection: number, query: string) =>
          into.push(query.trim().split(/\s+/).slice(0, 4).join(' ')),
      });
    const pool = open(4, sent.pool);
    const lane = open(1, sent.lane);
    try {
      await runMigrations(pool, schema);
      const budget = createPostgresBudgetStore(pool, Date.now, { lane, settleBatchMs: 0 });
      await budget.define([{ id: 'key:k', limit: 1_000n }]);
      sent.pool.length = 0;

      for (let i = 0; i < 3; i++) {
        await budget.reserve({ id: `seq${i}`, scopes: ['key:k'], amount: 10n, leaseMs: 60_000 });
        await budget.settle(`seq${i}`, 5n);
        await budget.flush();
      }
      expect(sent.lane.filter((q) => q.includes('tw_reserve'))).toHaveLength(3);
      expect(sent.lane.filter((q) => q.includes('tw_settle_many'))).toHaveLength(3);
      expect(sent.pool).toEqual([]);

      // Four at once: the first takes the lane, the others the pool; all hold, none is lost.
      const results = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          budget.reserve({ id: `par${i}`, scopes: ['key:k'], amount: 10n, leaseMs: 60_000 }),
        ),
      );
      expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: true }]);
      expect(sent.lane.filter((q) => q.includes('tw_reserve'))).toHaveLength(4);
      expect(sent.pool.filter((q) => q.includes('tw_reserve'))).toHaveLength(3);
      expect(await budget.snapshot('key:k')).toMatchObject({
        spent: 15n,
        reserved: 40n,
        openReservations: 4,
      });
      await budget.close();
    } finally {
      await Promise.all([pool.end({ timeout: 5 }), lane.end({ timeout: 5 })]);
    }
  });
});
