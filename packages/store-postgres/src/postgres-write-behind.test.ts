import postgres from 'postgres';
import { afterEach, expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  testDatabaseUrl,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import type { SettleWarning } from './write-behind-settles.js';

// A settle of a reservation the store holds answers at once and lands a moment later. What must hold anyway: this
// store's later answers reflect it, closing waits for it, and one that cannot land is reported and left to lapse
// at its worst case (never lost as a smaller charge).

const schemas: string[] = [];
afterEach(async () => {
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});

async function open(
  onSettleWarning?: (warning: SettleWarning) => void,
  options: { settleBatchMs?: number; onQuery?: (query: string) => void } = {},
) {
  const schema = uniqueSchema('behind');
  schemas.push(schema);
  const stores = await openTestStores(schema, {
    ledger: false,
    ...options,
    ...(onSettleWarning === undefined ? {} : { onSettleWarning }),
  });
  await stores.budgetStore.define([{ id: 'key:k', limit: 100n }]);
  const direct = postgres(testDatabaseUrl!, {
    max: 1,
    onnotice: () => {},
    connection: { search_path: schema },
  });
  const stateOf = async (id: string) =>
    (
      await direct<{ state: string; actual: string | null }[]>`
      select state, actual from budget_reservations where id = ${id}`
    )[0];
  return { stores, direct, stateOf };
}

describeWithDatabase('PostgreSQL budget store: write-behind settles', () => {
  it('lets the next reserve use the room a settle just gave back, on every call in a row', async () => {
    const { stores, direct } = await open();
    try {
      // Each call holds 80 of 100 and spends 1: until the settle before it lands, the next hold does not fit.
      for (let i = 0; i < 20; i++) {
        expect(
          await stores.budgetStore.reserve({ id: `r${i}`, scopes: ['key:k'], amount: 80n, leaseMs: 60_000 }),
        ).toEqual({ ok: true });
        expect(await stores.budgetStore.settle(`r${i}`, 1n)).toEqual({ state: 'settled', overrun: 0n });
      }
      expect(await stores.budgetStore.snapshot('key:k')).toMatchObject({ spent: 20n, reserved: 0n });
      // An overrun is known without the server.
      await stores.budgetStore.reserve({ id: 'over', scopes: ['key:k'], amount: 5n, leaseMs: 60_000 });
      expect(await stores.budgetStore.settle('over', 7n)).toEqual({ state: 'settled', overrun: 2n });
      // And a second settle of the same reservation asks the server, which kept the first.
      expect(await stores.budgetStore.settle('over', 50n)).toEqual({ state: 'settled', overrun: 2n });
      expect((await stores.budgetStore.snapshot('key:k'))?.spent).toBe(27n);
    } finally {
      await stores.close();
      await direct.end();
    }
  });

  it('has every settle in the database once closed', async () => {
    const { stores, direct, stateOf } = await open();
    try {
      for (let i = 0; i < 10; i++) {
        await stores.budgetStore.reserve({ id: `c${i}`, scopes: ['key:k'], amount: 5n, leaseMs: 60_000 });
      }
      for (let i = 0; i < 10; i++) await stores.budgetStore.settle(`c${i}`, 3n);
      await stores.close();
      for (let i = 0; i < 10; i++) expect(await stateOf(`c${i}`)).toEqual({ state: 'settled', actual: '3' });
    } finally {
      await direct.end();
    }
  });

  it('reports a settle that cannot land and leaves its reservation open, to lapse at its worst case', async () => {
    const warnings: SettleWarning[] = [];
    const { stores, direct, stateOf } = await open((warning) => warnings.push(warning));
    try {
      await stores.budgetStore.reserve({ id: 'lost', scopes: ['key:k'], amount: 40n, leaseMs: 60_000 });
      // The server stops taking settles (as when it is unreachable): the write is retried until close.
      await direct`alter function tw_settle_many(text[], numeric[], bigint) rename to tw_settle_many_away`;
      expect(await stores.budgetStore.settle('lost', 10n)).toEqual({ state: 'settled', overrun: 0n });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await stores.close();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ reservationId: 'lost' });
      expect(warnings[0]!.message).toMatch(/worst case/);
      expect(await stateOf('lost')).toEqual({ state: 'open', actual: null });
      expect(
        (await direct<{ reserved: string }[]>`select reserved from budget_scopes where id = 'key:k'`)[0]!
          .reserved,
      ).toBe('40');
    } finally {
      await direct.end();
    }
  });

  it('writes the settles of a few milliseconds in one statement, and each lands at its own amount', async () => {
    const statements: string[] = [];
    const { stores, direct, stateOf } = await open(undefined, {
      settleBatchMs: 200,
      onQuery: (query) => statements.push(query),
    });
    try {
      for (let i = 0; i < 5; i++) {
        await stores.budgetStore.reserve({ id: `b${i}`, scopes: ['key:k'], amount: 10n, leaseMs: 60_000 });
      }
      statements.length = 0;
      for (let i = 0; i < 5; i++) await stores.budgetStore.settle(`b${i}`, BigInt(i + 1));
      // Nothing sent yet: they wait for the batch.
      expect(statements).toEqual([]);
      expect(await stateOf('b0')).toEqual({ state: 'open', actual: null });
      await stores.budgetStore.flush();
      expect(statements.filter((query) => query.includes('tw_settle_many'))).toHaveLength(1);
      for (let i = 0; i < 5; i++) {
        expect(await stateOf(`b${i}`)).toEqual({ state: 'settled', actual: String(i + 1) });
      }
      expect(await stores.budgetStore.snapshot('key:k')).toMatchObject({
        spent: 15n,
        reserved: 0n,
        openReservations: 0,
      });
    } finally {
      await stores.close();
      await direct.end();
    }
  });

  it('sends a waiting batch at once when a read, a refused reserve or a second settle needs it', async () => {
    // A batch wait far longer than the test: only the needs below can have sent it.
    const { stores, direct } = await open(undefined, { settleBatchMs: 60_000 });
    try {
      const budget = stores.budgetStore;
      await budget.reserve({ id: 'read', scopes: ['key:k'], amount: 60n, leaseMs: 120_000 });
      await budget.settle('read', 6n);
      expect(await budget.remaining(['key:k'])).toBe(94n);

      // 60 of the 94 left are held; the next 60 fits only once this settle landed.
      await budget.reserve({ id: 'hold', scopes: ['key:k'], amount: 60n, leaseMs: 120_000 });
      await budget.settle('hold', 4n);
      expect(await budget.reserve({ id: 'next', scopes: ['key:k'], amount: 60n, leaseMs: 120_000 })).toEqual({
        ok: true,
      });

      // A second settle of a queued one asks the server, which has the first by then.
      await budget.reserve({ id: 'twice', scopes: ['key:k'], amount: 5n, leaseMs: 120_000 });
      await budget.settle('twice', 2n);
      expect(await budget.settle('twice', 5n)).toEqual({ state: 'settled', overrun: 0n });
      expect(await budget.snapshot('key:k')).toMatchObject({
        spent: 12n,
        reserved: 60n,
        openReservations: 1,
      });
    } finally {
      await stores.close();
      await direct.end();
    }
  });

  it('reports a settle whose reservation lapsed before its batch landed: charged at its worst case', async () => {
    const warnings: SettleWarning[] = [];
    const { stores, direct, stateOf } = await open((warning) => warnings.push(warning), {
      settleBatchMs: 60_000,
    });
    try {
      // The lease lapses (a sweeper charges it) while the settle waits for its batch.
      const budget = stores.budgetStore;
      await budget.reserve({ id: 'late', scopes: ['key:k'], amount: 30n, leaseMs: 600_000 });
      await budget.settle('late', 3n);
      await direct`update budget_reservations set lease_until_ms = 0 where id = 'late'`;
      await direct`select tw_expire(${Date.now()}::bigint, '{}'::text[])`;
      await budget.flush();
      expect(await stateOf('late')).toEqual({ state: 'expired', actual: '30' });
      expect(warnings).toEqual([
        expect.objectContaining({ reservationId: 'late', message: expect.stringMatching(/lapsed/) }),
      ]);
    } finally {
      await stores.close();
      await direct.end();
    }
  });
});
