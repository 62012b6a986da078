// Lease renewal of the engine's reservation holder (`holdAttempt` in @tokenwise/core) against the real server: two
// replicas (two pools) on one schema, one holding, one sweeping. Lease time follows an injected clock shared by
// both, so what is tested is the order of events, never the machine's speed: the test waits for renewals to land
// (a condition), not for a number of milliseconds.
import { holdAttempt } from '@tokenwise/core';
import type { BudgetStore } from '@tokenwise/spec';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import type { PostgresStores } from './create-postgres-stores.js';

const LEASE = 1_000;

describeWithDatabase('lease renewal on PostgreSQL (holder and sweeper on two replicas)', () => {
  const schema = uniqueSchema('lease');
  let holder: PostgresStores;
  let sweeper: PostgresStores;
  let now = Date.parse('2027-03-15T12:00:00.000Z');
  const clock = () => now;

  beforeAll(async () => {
    holder = await openTestStores(schema, { clock, ledger: false, maxConnections: 2 });
    sweeper = await openTestStores(schema, { clock, ledger: false, maxConnections: 2 });
  });
  afterAll(async () => {
    await Promise.all([holder?.close(), sweeper?.close()]);
    await dropSchema(schema);
  });

  /**
   * The holder's store, with a switch that makes its renewals fail (a stalled process or a lost connection) and a
   * way to wait until a renewal made at the current clock reached the database.
   */
  function observedStore() {
    const control = { stalled: false, renewedAt: -1, waiters: [] as (() => void)[] };
    const store: BudgetStore = {
      ...holder.budgetStore,
      async renew(id, leaseMs) {
        if (control.stalled) throw new Error('connection lost');
        const at = clock();
        const result = await holder.budgetStore.renew(id, leaseMs);
        control.renewedAt = at;
        for (const wake of control.waiters.splice(0)) wake();
        return result;
      },
    };
    const renewedSince = async (at: number) => {
      while (control.renewedAt < at) await new Promise<void>((wake) => control.waiters.push(wake));
    };
    return { store, control, renewedSince };
  }

  it('keeps a call longer than 3× the lease alive while its holder renews, then settles it exactly', async () => {
    await holder.budgetStore.define([{ id: 'key:long', limit: 1_000n }]);
    const { store, control, renewedSince } = observedStore();
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:long'], leaseMs: LEASE, renewEveryMs: 5 },
      amount: 600n,
      label: 'a long stream',
      id: 'long:1',
    });
    // Eight steps of 0.4 leases: 3.2 leases in all. After each, the sweeper runs once a renewal at that time landed.
    for (let step = 0; step < 8; step++) {
      now += 400;
      await renewedSince(now);
      expect(await sweeper.budgetStore.expireLeases()).toBe(0);
    }
    expect(await sweeper.budgetStore.snapshot('key:long')).toMatchObject({
      reserved: 600n,
      openReservations: 1,
    });
    expect(await hold.settle(230n)).toEqual({ overrun: 0n, leaseExpired: false });
    // The settle is written behind: the holder's own reads wait for it; another replica sees it once it landed.
    await holder.budgetStore.snapshot('key:long');
    expect(await sweeper.budgetStore.snapshot('key:long')).toMatchObject({
      spent: 230n,
      reserved: 0n,
      openReservations: 0,
    });
    expect(control.stalled).toBe(false);
  });

  it('sweeps a holder that stopped renewing at its worst case; the late settle is told and counts once', async () => {
    await holder.budgetStore.define([{ id: 'key:stall', limit: 1_000n }]);
    const { store, control } = observedStore();
    const expired: string[] = [];
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:stall'], leaseMs: LEASE, renewEveryMs: 5 },
      amount: 600n,
      label: 'a stalled stream',
      id: 'stall:1',
      onLeaseExpired: () => expired.push('stall:1'),
    });
    control.stalled = true;
    now += LEASE;
    expect(await sweeper.budgetStore.expireLeases()).toBe(1);
    expect(await sweeper.budgetStore.snapshot('key:stall')).toMatchObject({ spent: 600n, reserved: 0n });
    // The room it held is spent: a new reservation cannot take it again.
    expect(
      await sweeper.budgetStore.reserve({
        id: 'stall:2',
        scopes: ['key:stall'],
        amount: 401n,
        leaseMs: LEASE,
      }),
    ).toMatchObject({ ok: false, remaining: 400n });
    expect(await hold.settle(230n)).toEqual({ overrun: 0n, leaseExpired: true });
    expect(expired).toEqual(['stall:1']);
    expect(await sweeper.budgetStore.snapshot('key:stall')).toMatchObject({
      spent: 600n,
      reserved: 0n,
      openReservations: 0,
    });
  });

  it('tells a holder whose renewal arrives after the sweep, before its call ends', async () => {
    await holder.budgetStore.define([{ id: 'key:late', limit: 1_000n }]);
    const { store, control } = observedStore();
    let told!: () => void;
    const expiredSeen = new Promise<void>((resolve) => (told = resolve));
    const hold = await holdAttempt({
      budget: undefined,
      shared: { store, scopes: ['key:late'], leaseMs: LEASE, renewEveryMs: 5 },
      amount: 600n,
      label: 'a stream that stalled',
      id: 'late:1',
      onLeaseExpired: () => told(),
    });
    control.stalled = true;
    now += LEASE;
    expect(await sweeper.budgetStore.expireLeases()).toBe(1);
    control.stalled = false;
    await expiredSeen;
    expect(hold.leaseExpired).toBe(true);
    await hold.release();
    expect(await sweeper.budgetStore.snapshot('key:late')).toMatchObject({
      spent: 600n,
      reserved: 0n,
      openReservations: 0,
    });
  });
});
