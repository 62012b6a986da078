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

async function open(onSettleWarning?: (warning: SettleWarning) => void) {
  const schema = uniqueSchema('behind');
  schemas.push(schema);
  const stores = await openTestStores(schema, {
    ledger: false,
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
      await direct`alter function tw_finish(text, numeric, text, bigint) rename to tw_finish_away`;
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
});
