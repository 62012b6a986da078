import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import type { PostgresStores } from './create-postgres-stores.js';
import { migrations } from './migrations/index.js';

/** A seeded generator, so a failure replays (seed printed in the test name). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const SEED = 20_261_205;

describeWithDatabase('PostgreSQL budget store across replicas (3 connection pools on one schema)', () => {
  const schema = uniqueSchema('replicas');
  let replicas: PostgresStores[] = [];
  let now = Date.parse('2027-03-15T12:00:00.000Z');
  const clock = () => now;

  beforeAll(async () => {
    replicas = await Promise.all(
      [0, 1, 2].map(() => openTestStores(schema, { clock, ledger: false, maxConnections: 6 })),
    );
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await dropSchema(schema);
  });

  it(`never holds or spends more than a small budget under 600 concurrent reserves (seed ${SEED})`, async () => {
    const random = seeded(SEED);
    const [a] = replicas;
    await a!.budgetStore.define([
      { id: 'key:hot', limit: 50_000n, period: '1d' },
      { id: 'team:t', limit: 40_000n, period: 'month' },
    ]);
    const spentActuals: bigint[] = [];
    let maxHeldSeen = 0n;
    const calls = Array.from({ length: 600 }, async (_, i) => {
      const store = replicas[i % 3]!.budgetStore;
      const amount = BigInt(50 + Math.floor(random() * 900));
      const id = `hot-${i}`;
      const result = await store.reserve({ id, scopes: ['key:hot', 'team:t'], amount, leaseMs: 60_000 });
      if (!result.ok) {
        expect(['key:hot', 'team:t']).toContain(result.scope);
        return;
      }
      const snapshot = await store.snapshot('team:t');
      const held = snapshot!.spent + snapshot!.reserved;
      if (held > maxHeldSeen) maxHeldSeen = held;
      if (random() < 0.2) {
        await store.release(id);
        // A retried release and a late settle change nothing.
        await replicas[(i + 1) % 3]!.budgetStore.release(id);
        return;
      }
      const actual = (amount * BigInt(Math.floor(random() * 101))) / 100n;
      spentActuals.push(actual);
      // The same settle sent three times from different replicas (a retry after a lost reply) counts once.
      const answers = await Promise.all(replicas.map((replica) => replica.budgetStore.settle(id, actual)));
      for (const answer of answers) expect(answer).toEqual({ state: 'settled', overrun: 0n });
    });
    await Promise.all(calls);
    const expected = spentActuals.reduce((sum, actual) => sum + actual, 0n);
    const team = await a!.budgetStore.snapshot('team:t');
    const key = await a!.budgetStore.snapshot('key:hot');
    expect(maxHeldSeen).toBeLessThanOrEqual(40_000n);
    expect(team).toMatchObject({ spent: expected, reserved: 0n, openReservations: 0 });
    expect(key).toMatchObject({ spent: expected, reserved: 0n, openReservations: 0 });
    expect(team!.spent).toBeLessThanOrEqual(40_000n);
    expect(spentActuals.length).toBeGreaterThan(10);
  });

  it('settles a dead replica’s reservations once, at their reserved amount, when their leases lapse', async () => {
    const [a, b, c] = replicas;
    await a!.budgetStore.define([{ id: 'key:lease', limit: 10_000n }]);
    // Replica C reserves and "dies": it never settles.
    const held = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        c!.budgetStore.reserve({ id: `dead-${i}`, scopes: ['key:lease'], amount: 300n, leaseMs: 30_000 }),
      ),
    );
    expect(held.every((result) => result.ok)).toBe(true);
    // A and B keep serving while the leases run: only 4,000 is left for them.
    const live = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b)!.budgetStore.reserve({
          id: `live-${i}`,
          scopes: ['key:lease'],
          amount: 300n,
          leaseMs: 600_000,
        }),
      ),
    );
    expect(live.filter((result) => result.ok)).toHaveLength(13);
    now += 30_000;
    // Both survivors sweep at once; each lapsed reservation is settled exactly once.
    const swept = await Promise.all([a!.budgetStore.expireLeases(), b!.budgetStore.expireLeases()]);
    expect(swept[0] + swept[1]).toBe(20);
    const snapshot = await a!.budgetStore.snapshot('key:lease');
    expect(snapshot).toMatchObject({ spent: 6_000n, reserved: 3_900n, openReservations: 13 });
    expect(await b!.budgetStore.settle('dead-3', 1n)).toEqual({ state: 'expired', overrun: 0n });
    // Ended reservations can be pruned once old; open ones never are.
    now += 60_000;
    const pruned = await a!.pruneReservations(30_000);
    // The 20 expired ones and those ended by the first test; the 13 live ones are open and stay.
    expect(pruned).toBeGreaterThanOrEqual(20);
    expect(await a!.budgetStore.snapshot('key:lease')).toMatchObject({
      openReservations: 13,
      reserved: 3_900n,
    });
    await expect(a!.budgetStore.settle('dead-3', 1n)).rejects.toThrow(/Unknown reservation "dead-3"/);
  });

  it('applies migrations once when replicas start together on an empty schema', async () => {
    const fresh = uniqueSchema('migrate');
    const starts = await Promise.all(
      [0, 1, 2, 3].map(() => openTestStores(fresh, { ledger: false, maxConnections: 2 })),
    );
    try {
      const applied = starts.map((stores) => stores.migrationsApplied.length);
      // One replica applied every migration; the others found the schema up to date.
      expect(applied.sort()).toEqual([0, 0, 0, migrations.length]);
    } finally {
      await Promise.all(starts.map((stores) => stores.close()));
      await dropSchema(fresh);
    }
  });
});
