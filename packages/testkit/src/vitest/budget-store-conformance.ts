import { type BudgetStore, InvalidArgumentError, usd } from '@tokenwise/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from './test-clock.js';

/** A budget store under test and how to dispose of it. */
export interface BudgetStoreHandle {
  store: BudgetStore;
  /** Closes connections, drops the test schema… */
  close?: () => Promise<void>;
}

/** Options of {@link budgetStoreConformance}. */
export interface BudgetStoreConformanceOptions {
  /** Suite name, e.g. `memory` or `postgres`. */
  name: string;
  /** A fresh, empty store reading time from `clock`. */
  create: (clock: () => number) => Promise<BudgetStoreHandle> | BudgetStoreHandle;
}

const LEASE = 60_000;

/**
 * The behaviour every `BudgetStore` shares, as one vitest `describe` block: limits and all-or-nothing reserves over
 * several scopes, idempotent settle/release, overruns, lapsed leases settled at the reserved amount (eagerly and
 * lazily), renewals, UTC windows of `1d`/`7d`/`30d`/calendar months from an injected clock, and input errors.
 */
export function budgetStoreConformance({ name, create }: BudgetStoreConformanceOptions): void {
  describe(`${name} budget store conformance`, () => {
    const open: BudgetStoreHandle[] = [];
    afterEach(async () => {
      for (const handle of open.splice(0)) await handle.close?.();
    });
    const setup = async (start?: string): Promise<{ store: BudgetStore; clock: TestClock }> => {
      const clock = createTestClock(start);
      const handle = await create(clock.now);
      open.push(handle);
      return { store: handle.store, clock };
    };
    let ids = 0;
    const rid = () => `r${++ids}`;

    it('defines scopes and reports their figures', async () => {
      const { store } = await setup();
      expect(await store.snapshot('key:a')).toBeUndefined();
      await store.define([{ id: 'key:a', limit: usd('1') }, { id: 'free' }]);
      expect(await store.snapshot('key:a')).toEqual({
        id: 'key:a',
        limit: usd('1'),
        period: 'none',
        spent: 0n,
        reserved: 0n,
        remaining: usd('1'),
        openReservations: 0,
      });
      const free = await store.snapshot('free');
      expect(free?.limit).toBeUndefined();
      expect(free?.remaining).toBeUndefined();
      expect(await store.remaining(['free'])).toBeUndefined();
      expect(await store.remaining(['key:a', 'free'])).toBe(usd('1'));
    });

    it('holds up to the limit exactly and refuses one pico more, naming the scope', async () => {
      const { store } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      expect(await store.reserve({ id: rid(), scopes: ['k'], amount: 600n, leaseMs: LEASE })).toEqual({
        ok: true,
      });
      expect(await store.reserve({ id: rid(), scopes: ['k'], amount: 401n, leaseMs: LEASE })).toEqual({
        ok: false,
        scope: 'k',
        limit: 1000n,
        remaining: 400n,
      });
      expect(await store.reserve({ id: rid(), scopes: ['k'], amount: 400n, leaseMs: LEASE })).toEqual({
        ok: true,
      });
      const snapshot = await store.snapshot('k');
      expect(snapshot).toMatchObject({ reserved: 1000n, remaining: 0n, openReservations: 2 });
    });

    it('reserves all scopes or none, and names the first that cannot pay', async () => {
      const { store } = await setup();
      await store.define([{ id: 'key:k', limit: 500n }, { id: 'team:t', limit: 300n }, { id: 'process' }]);
      const refused = await store.reserve({
        id: rid(),
        scopes: ['key:k', 'team:t', 'process'],
        amount: 400n,
        leaseMs: LEASE,
      });
      expect(refused).toEqual({ ok: false, scope: 'team:t', limit: 300n, remaining: 300n });
      expect((await store.snapshot('key:k'))?.reserved).toBe(0n);
      expect((await store.snapshot('process'))?.reserved).toBe(0n);
      const id = rid();
      expect(
        await store.reserve({ id, scopes: ['key:k', 'team:t', 'process'], amount: 250n, leaseMs: LEASE }),
      ).toEqual({
        ok: true,
      });
      expect(await store.remaining(['key:k', 'team:t', 'process'])).toBe(50n);
      expect(await store.settle(id, 100n)).toEqual({ state: 'settled', overrun: 0n });
      for (const scope of ['key:k', 'team:t', 'process']) {
        expect(await store.snapshot(scope)).toMatchObject({ spent: 100n, reserved: 0n, openReservations: 0 });
      }
    });

    it('settles idempotently, reports overruns and ignores a release after the end', async () => {
      const { store } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 300n, leaseMs: LEASE });
      expect(await store.settle(id, 350n)).toEqual({ state: 'settled', overrun: 50n });
      expect(await store.settle(id, 350n)).toEqual({ state: 'settled', overrun: 50n });
      expect(await store.settle(id, 999n)).toEqual({ state: 'settled', overrun: 50n });
      expect(await store.release(id)).toEqual({ state: 'settled' });
      expect(await store.snapshot('k')).toMatchObject({ spent: 350n, reserved: 0n, remaining: 650n });
    });

    it('releases without spend, idempotently; a settle after a release says released', async () => {
      const { store } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 300n, leaseMs: LEASE });
      expect(await store.release(id)).toEqual({ state: 'released' });
      expect(await store.release(id)).toEqual({ state: 'released' });
      expect(await store.release('never-reserved')).toEqual({ state: 'unknown' });
      expect(await store.settle(id, 100n)).toEqual({ state: 'released', overrun: 0n });
      expect(await store.snapshot('k')).toMatchObject({ spent: 0n, reserved: 0n, openReservations: 0 });
    });

    it('holds a reservation id once even when the reserve is retried', async () => {
      const { store } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 300n, leaseMs: LEASE });
      expect(await store.reserve({ id, scopes: ['k'], amount: 300n, leaseMs: LEASE })).toEqual({ ok: true });
      expect(await store.snapshot('k')).toMatchObject({ reserved: 300n, openReservations: 1 });
    });

    it('settles a lapsed lease at the reserved amount and marks it expired', async () => {
      const { store, clock } = await setup();
      await store.define([{ id: 'k', limit: 1000n }, { id: 't' }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k', 't'], amount: 400n, leaseMs: 5_000 });
      clock.advance(4_999);
      expect(await store.expireLeases()).toBe(0);
      clock.advance(1);
      expect(await store.expireLeases()).toBe(1);
      expect(await store.expireLeases()).toBe(0);
      expect(await store.snapshot('k')).toMatchObject({ spent: 400n, reserved: 0n, openReservations: 0 });
      expect(await store.snapshot('t')).toMatchObject({ spent: 400n, reserved: 0n });
      expect(await store.settle(id, 10n)).toEqual({ state: 'expired', overrun: 0n });
      expect((await store.snapshot('k'))?.spent).toBe(400n);
    });

    it('expires lapsed leases lazily on the next reserve', async () => {
      const { store, clock } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      await store.reserve({ id: rid(), scopes: ['k'], amount: 700n, leaseMs: 1_000 });
      clock.advance(1_000);
      // The lapsed hold is settled at 700, so 300 is left, not 1000 and not 300 minus the hold again.
      expect(await store.reserve({ id: rid(), scopes: ['k'], amount: 301n, leaseMs: LEASE })).toMatchObject({
        ok: false,
        remaining: 300n,
      });
      expect(await store.snapshot('k')).toMatchObject({ spent: 700n, reserved: 0n, openReservations: 0 });
    });

    it('renews a lease so a long call is not expired', async () => {
      const { store, clock } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 100n, leaseMs: 1_000 });
      clock.advance(900);
      expect(await store.renew(id, 1_000)).toEqual({ state: 'open' });
      clock.advance(900);
      expect(await store.expireLeases()).toBe(0);
      expect(await store.settle(id, 20n)).toEqual({ state: 'settled', overrun: 0n });
      expect(await store.renew(id, 1_000)).toEqual({ state: 'settled' });
      expect(await store.renew('never-reserved', 1_000)).toEqual({ state: 'unknown' });
    });

    it('never revives a lapsed lease: the renewal sweeps it and answers expired, once', async () => {
      const { store, clock } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 400n, leaseMs: 1_000 });
      clock.advance(1_000);
      expect(await store.renew(id, 1_000)).toEqual({ state: 'expired' });
      expect(await store.snapshot('k')).toMatchObject({ spent: 400n, reserved: 0n, openReservations: 0 });
      // The holder's own settle and release afterwards change nothing.
      expect(await store.settle(id, 50n)).toEqual({ state: 'expired', overrun: 0n });
      expect(await store.release(id)).toEqual({ state: 'expired' });
      expect(await store.renew(id, 1_000)).toEqual({ state: 'expired' });
      expect(await store.snapshot('k')).toMatchObject({ spent: 400n, reserved: 0n });
    });

    it('keeps spend per UTC day and starts over at midnight', async () => {
      const { store, clock } = await setup('2027-03-15T23:59:59.000Z');
      await store.define([{ id: 'k', limit: 1000n, period: '1d' }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 600n, leaseMs: LEASE });
      await store.settle(id, 600n);
      expect(await store.snapshot('k')).toMatchObject({
        spent: 600n,
        windowStart: '2027-03-15T00:00:00.000Z',
        windowEnd: '2027-03-16T00:00:00.000Z',
      });
      clock.advance(999);
      expect((await store.snapshot('k'))?.spent).toBe(600n);
      clock.advance(1);
      expect(await store.snapshot('k')).toMatchObject({
        spent: 0n,
        remaining: 1000n,
        windowStart: '2027-03-16T00:00:00.000Z',
      });
      expect(await store.reserve({ id: rid(), scopes: ['k'], amount: 1000n, leaseMs: LEASE })).toEqual({
        ok: true,
      });
    });

    it('aligns 7-day and 30-day windows to the Unix epoch in UTC', async () => {
      const { store, clock } = await setup('2027-03-15T12:00:00.000Z');
      await store.define([
        { id: 'w', limit: 1000n, period: '7d' },
        { id: 'm30', limit: 1000n, period: '30d' },
      ]);
      // 2027-03-11 is a Thursday, like 1970-01-01: 7-day windows start on Thursdays at 00:00 UTC.
      expect(await store.snapshot('w')).toMatchObject({
        windowStart: '2027-03-11T00:00:00.000Z',
        windowEnd: '2027-03-18T00:00:00.000Z',
      });
      const start30 = Math.floor(Date.parse('2027-03-15T12:00:00Z') / (30 * 86_400_000)) * 30 * 86_400_000;
      expect(await store.snapshot('m30')).toMatchObject({
        windowStart: new Date(start30).toISOString(),
        windowEnd: new Date(start30 + 30 * 86_400_000).toISOString(),
      });
      const id = rid();
      await store.reserve({ id, scopes: ['w', 'm30'], amount: 500n, leaseMs: LEASE });
      await store.settle(id, 500n);
      clock.set('2027-03-17T23:59:59.999Z');
      expect((await store.snapshot('w'))?.spent).toBe(500n);
      clock.set('2027-03-18T00:00:00.000Z');
      expect((await store.snapshot('w'))?.spent).toBe(0n);
      clock.set(start30 + 30 * 86_400_000 - 1);
      expect((await store.snapshot('m30'))?.spent).toBe(500n);
      clock.set(start30 + 30 * 86_400_000);
      expect((await store.snapshot('m30'))?.spent).toBe(0n);
    });

    it('keeps calendar months in UTC, leap Februaries included', async () => {
      const { store, clock } = await setup('2028-01-31T23:59:59.999Z');
      await store.define([{ id: 'k', limit: 1000n, period: 'month' }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 900n, leaseMs: LEASE });
      await store.settle(id, 900n);
      expect(await store.snapshot('k')).toMatchObject({
        spent: 900n,
        windowStart: '2028-01-01T00:00:00.000Z',
        windowEnd: '2028-02-01T00:00:00.000Z',
      });
      clock.advance(1);
      expect(await store.snapshot('k')).toMatchObject({
        spent: 0n,
        windowStart: '2028-02-01T00:00:00.000Z',
        windowEnd: '2028-03-01T00:00:00.000Z',
      });
      clock.set('2028-12-31T23:00:00.000Z');
      expect(await store.snapshot('k')).toMatchObject({ windowEnd: '2029-01-01T00:00:00.000Z' });
    });

    it('charges a reservation open across a boundary to the window it was made in', async () => {
      const { store, clock } = await setup('2027-03-15T23:59:00.000Z');
      await store.define([{ id: 'k', limit: 1000n, period: '1d' }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 800n, leaseMs: LEASE * 10 });
      clock.set('2027-03-16T00:01:00.000Z');
      // Still held in the new window (it is in flight), but its spend belongs to yesterday.
      expect(await store.snapshot('k')).toMatchObject({ spent: 0n, reserved: 800n, openReservations: 1 });
      await store.settle(id, 700n);
      expect(await store.snapshot('k')).toMatchObject({ spent: 0n, reserved: 0n, remaining: 1000n });
    });

    it('keeps spend when a scope is redefined with another limit', async () => {
      const { store } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const id = rid();
      await store.reserve({ id, scopes: ['k'], amount: 400n, leaseMs: LEASE });
      await store.settle(id, 400n);
      await store.define([{ id: 'k', limit: 500n }]);
      expect(await store.snapshot('k')).toMatchObject({ limit: 500n, spent: 400n, remaining: 100n });
      await store.define([{ id: 'k', limit: 300n }]);
      expect(await store.snapshot('k')).toMatchObject({ remaining: 0n });
      await store.define([{ id: 'k' }]);
      expect(await store.reserve({ id: rid(), scopes: ['k'], amount: 10n ** 15n, leaseMs: LEASE })).toEqual({
        ok: true,
      });
    });

    it('refuses every reservation on a closed scope, from its closing instant, and reopens on redefinition', async () => {
      const { store, clock } = await setup();
      const closesAt = clock.now() + 1_000;
      await store.define([
        { id: 'key:c', limit: 1_000n, closedAtMs: closesAt },
        { id: 'key:open' },
        { id: 'key:shut', closedAtMs: 0 },
      ]);
      const held = rid();
      expect(await store.reserve({ id: held, scopes: ['key:c'], amount: 100n, leaseMs: LEASE })).toEqual({
        ok: true,
      });
      expect(await store.remaining(['key:c'])).toBe(900n);
      // A scope without a limit still closes; its refusal says nothing is left.
      expect(
        await store.reserve({ id: rid(), scopes: ['key:open', 'key:shut'], amount: 0n, leaseMs: LEASE }),
      ).toEqual({
        ok: false,
        scope: 'key:shut',
        limit: 0n,
        remaining: 0n,
      });
      expect(await store.remaining(['key:shut'])).toBe(0n);
      clock.advance(1_000);
      expect(await store.reserve({ id: rid(), scopes: ['key:c'], amount: 1n, leaseMs: LEASE })).toEqual({
        ok: false,
        scope: 'key:c',
        limit: 1_000n,
        remaining: 0n,
      });
      expect(await store.remaining(['key:c'])).toBe(0n);
      expect(await store.snapshot('key:c')).toMatchObject({
        remaining: 0n,
        reserved: 100n,
        openReservations: 1,
      });
      // What was held before the close ends as usual.
      expect((await store.settle(held, 80n)).state).toBe('settled');
      expect(await store.snapshot('key:c')).toMatchObject({ spent: 80n, reserved: 0n });
      await store.define([{ id: 'key:c', limit: 1_000n }]);
      expect(await store.reserve({ id: rid(), scopes: ['key:c'], amount: 920n, leaseMs: LEASE })).toEqual({
        ok: true,
      });
    });

    it('refuses bad input with a typed error', async () => {
      const { store } = await setup();
      await store.define([{ id: 'k', limit: 1000n }]);
      const bad = [
        () => store.reserve({ id: rid(), scopes: ['nope'], amount: 1n, leaseMs: LEASE }),
        () => store.reserve({ id: rid(), scopes: ['k'], amount: -1n, leaseMs: LEASE }),
        () => store.reserve({ id: rid(), scopes: [], amount: 1n, leaseMs: LEASE }),
        () => store.reserve({ id: rid(), scopes: ['k', 'k'], amount: 1n, leaseMs: LEASE }),
        () => store.reserve({ id: rid(), scopes: ['k'], amount: 1n, leaseMs: 0 }),
        () => store.reserve({ id: '', scopes: ['k'], amount: 1n, leaseMs: LEASE }),
        () => store.define([{ id: 'x', limit: -5n }]),
        () => store.define([{ id: 'x', period: 'weekly' as never }]),
        () => store.define([{ id: 'x', closedAtMs: -1 }]),
        () => store.define([{ id: 'x', closedAtMs: 1.5 }]),
        () => store.settle('never-reserved', 1n),
        () => store.remaining(['nope']),
      ];
      for (const call of bad) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
      }
      expect(await store.snapshot('k')).toMatchObject({ reserved: 0n, openReservations: 0 });
    });

    it('never holds more than the limit under concurrent reserves', async () => {
      const { store } = await setup();
      await store.define([
        { id: 'key:hot', limit: 10_000n },
        { id: 'team:t', limit: 8_000n },
      ]);
      let seed = 7;
      const random = () => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed / 2_147_483_648;
      };
      const amounts = Array.from({ length: 120 }, () => BigInt(1 + Math.floor(random() * 400)));
      const results = await Promise.all(
        amounts.map((amount, i) =>
          store.reserve({ id: `c${i}`, scopes: ['key:hot', 'team:t'], amount, leaseMs: LEASE }),
        ),
      );
      const held = amounts.reduce((sum, amount, i) => (results[i]!.ok ? sum + amount : sum), 0n);
      expect(held).toBeLessThanOrEqual(8_000n);
      expect(results.some((result) => !result.ok)).toBe(true);
      expect((await store.snapshot('team:t'))?.reserved).toBe(held);
      await Promise.all(
        amounts.map((amount, i) => (results[i]!.ok ? store.settle(`c${i}`, amount) : undefined)),
      );
      expect(await store.snapshot('team:t')).toMatchObject({
        spent: held,
        reserved: 0n,
        openReservations: 0,
      });
    });
  });
}
