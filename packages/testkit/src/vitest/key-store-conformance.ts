import { type BudgetStore, InvalidArgumentError, type KeyStore, usd } from '@tokenwise/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestClock, type TestClock } from './test-clock.js';

/** A key store under test, the budget store it defines scopes in, and how to dispose of them. */
export interface KeyStoreHandle {
  keyStore: KeyStore;
  budgetStore: BudgetStore;
  /**
   * A second key store over the same data (another replica), when the store is shared; the suite then checks
   * that a revoke made through one is seen by the other at once.
   */
  replica?: KeyStore;
  close?: () => Promise<void>;
}

/** Options of {@link keyStoreConformance}. */
export interface KeyStoreConformanceOptions {
  name: string;
  /** A fresh, empty key store (and its budget store) reading time from `clock`. */
  create: (clock: () => number) => Promise<KeyStoreHandle> | KeyStoreHandle;
}

/**
 * The behaviour every `KeyStore` shares: secrets shown once and stored only as a hash, keys and teams as budget
 * scopes, authentication verdicts (unknown, revoked, expired, disabled, team disabled), updates, listings without
 * secrets, and input errors.
 */
export function keyStoreConformance({ name, create }: KeyStoreConformanceOptions): void {
  describe(`${name} key store conformance`, () => {
    const open: KeyStoreHandle[] = [];
    afterEach(async () => {
      for (const handle of open.splice(0)) await handle.close?.();
    });
    const setup = async (): Promise<KeyStoreHandle & { clock: TestClock }> => {
      const clock = createTestClock('2027-03-15T12:00:00.000Z');
      const handle = await create(clock.now);
      open.push(handle);
      return { ...handle, clock };
    };

    it('creates a key with a secret shown once, stores no secret, and defines its budget scopes', async () => {
      const { keyStore, budgetStore } = await setup();
      const team = await keyStore.createTeam({ name: 'Search', budget: usd('50'), period: 'month' });
      expect(team).toMatchObject({ name: 'Search', budget: usd('50'), period: 'month', enabled: true });
      const { key, secret } = await keyStore.createKey({
        name: ' ci bot ',
        teamId: team.id,
        budget: usd('5'),
        period: '1d',
        maxPerRequest: usd('0.5'),
        allowedModels: ['openai/*'],
        allowedStrategies: ['cheapest'],
      });
      expect(secret).toMatch(/^tw-[A-Za-z0-9_-]{43}$/);
      expect(key).toMatchObject({
        name: 'ci bot',
        teamId: team.id,
        budget: usd('5'),
        period: '1d',
        maxPerRequest: usd('0.5'),
        allowedModels: ['openai/*'],
        allowedStrategies: ['cheapest'],
        enabled: true,
        createdAt: '2027-03-15T12:00:00.000Z',
      });
      expect(secret.startsWith(key.prefix)).toBe(true);
      expect(key.prefix.length).toBeLessThan(16);
      const listed = await keyStore.listKeys();
      expect(listed).toEqual([key]);
      expect(await keyStore.getKey(key.id)).toEqual(key);
      expect(JSON.stringify(listed, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
        secret,
      );
      expect(await budgetStore.snapshot(`key:${key.id}`)).toMatchObject({ limit: usd('5'), period: '1d' });
      expect(await budgetStore.snapshot(`team:${team.id}`)).toMatchObject({
        limit: usd('50'),
        period: 'month',
      });
      const second = await keyStore.createKey({ name: 'other' });
      expect(second.secret).not.toBe(secret);
      expect(second.key.id).not.toBe(key.id);
      expect(second.key.teamId).toBeUndefined();
      expect(await budgetStore.snapshot(`key:${second.key.id}`)).toMatchObject({
        limit: undefined,
        period: 'none',
      });
    });

    it('authenticates a secret to its key and team, and refuses anything else as unknown', async () => {
      const { keyStore } = await setup();
      const team = await keyStore.createTeam({ name: 'T' });
      const { key, secret } = await keyStore.createKey({ name: 'k', teamId: team.id });
      expect(await keyStore.authenticate(secret)).toEqual({ ok: true, key, team });
      const solo = await keyStore.createKey({ name: 'solo' });
      expect(await keyStore.authenticate(solo.secret)).toEqual({ ok: true, key: solo.key });
      for (const wrong of [`${secret}x`, secret.slice(0, -1), '', 'sk-other', key.prefix, key.id]) {
        expect(await keyStore.authenticate(wrong)).toEqual({ ok: false, reason: 'unknown' });
      }
    });

    it('refuses revoked, expired, disabled keys and keys of a disabled team, saying why', async () => {
      const { keyStore, replica, clock } = await setup();
      const team = await keyStore.createTeam({ name: 'T' });
      const revoked = await keyStore.createKey({ name: 'r', teamId: team.id });
      const expiring = await keyStore.createKey({ name: 'e', expiresAt: '2027-03-15T13:00:00Z' });
      const disabled = await keyStore.createKey({ name: 'd', enabled: false });
      const member = await keyStore.createKey({ name: 'm', teamId: team.id });
      const other = replica ?? keyStore;
      expect((await other.authenticate(revoked.secret)).ok).toBe(true);
      const first = await keyStore.revokeKey(revoked.key.id);
      expect(first.revokedAt).toBe('2027-03-15T12:00:00.000Z');
      clock.advance(5_000);
      expect((await keyStore.revokeKey(revoked.key.id)).revokedAt).toBe(first.revokedAt);
      expect(await other.authenticate(revoked.secret)).toEqual({
        ok: false,
        reason: 'revoked',
        keyId: revoked.key.id,
      });
      expect((await keyStore.updateKey(revoked.key.id, { enabled: true })).revokedAt).toBe(first.revokedAt);
      expect((await other.authenticate(revoked.secret)).ok).toBe(false);

      expect(expiring.key.expiresAt).toBe('2027-03-15T13:00:00.000Z');
      expect((await other.authenticate(expiring.secret)).ok).toBe(true);
      clock.set('2027-03-15T13:00:00.000Z');
      expect(await other.authenticate(expiring.secret)).toEqual({
        ok: false,
        reason: 'expired',
        keyId: expiring.key.id,
      });

      expect(await other.authenticate(disabled.secret)).toEqual({
        ok: false,
        reason: 'disabled',
        keyId: disabled.key.id,
      });
      await keyStore.updateKey(disabled.key.id, { enabled: true });
      expect((await other.authenticate(disabled.secret)).ok).toBe(true);

      await keyStore.updateTeam(team.id, { enabled: false });
      expect(await other.authenticate(member.secret)).toEqual({
        ok: false,
        reason: 'team-disabled',
        keyId: member.key.id,
      });
    });

    it('closes the budget scope of a revoked, disabled or expired key and of a disabled team, at once', async () => {
      const { keyStore, budgetStore, clock } = await setup();
      let ids = 0;
      const reserve = (scopes: string[]) =>
        budgetStore.reserve({ id: `close-${++ids}`, scopes, amount: 1n, leaseMs: 60_000 });
      const team = await keyStore.createTeam({ name: 'T' });
      const member = await keyStore.createKey({ name: 'm', teamId: team.id, budget: usd('1') });
      const revoked = await keyStore.createKey({ name: 'r' });
      const expiring = await keyStore.createKey({ name: 'e', expiresAt: '2027-03-15T12:00:10Z' });
      const memberScopes = [`key:${member.key.id}`, `team:${team.id}`];
      expect(await reserve(memberScopes)).toEqual({ ok: true });
      expect(await reserve([`key:${revoked.key.id}`])).toEqual({ ok: true });
      expect(await reserve([`key:${expiring.key.id}`])).toEqual({ ok: true });

      await keyStore.revokeKey(revoked.key.id);
      expect(await reserve([`key:${revoked.key.id}`])).toMatchObject({ ok: false, remaining: 0n });
      clock.set('2027-03-15T12:00:10.000Z');
      expect(await reserve([`key:${expiring.key.id}`])).toMatchObject({ ok: false, remaining: 0n });

      await keyStore.updateTeam(team.id, { enabled: false });
      expect(await reserve(memberScopes)).toMatchObject({ ok: false, scope: `team:${team.id}` });
      await keyStore.updateTeam(team.id, { enabled: true });
      await keyStore.updateKey(member.key.id, { enabled: false });
      expect(await reserve(memberScopes)).toMatchObject({ ok: false, scope: `key:${member.key.id}` });
      await keyStore.updateKey(member.key.id, { enabled: true });
      expect(await reserve(memberScopes)).toEqual({ ok: true });
      expect(await budgetStore.remaining([`key:${member.key.id}`])).toBe(usd('1') - 2n);
    });

    it('answers a cached authentication like a fresh one', async () => {
      const { keyStore } = await setup();
      const { key, secret } = await keyStore.createKey({ name: 'c' });
      for (let i = 0; i < 3; i++) {
        expect(await keyStore.authenticate(secret, { cached: true })).toEqual({ ok: true, key });
      }
      expect(await keyStore.authenticate(`${secret}x`, { cached: true })).toEqual({
        ok: false,
        reason: 'unknown',
      });
    });

    it('updates keys and teams, redefining their budgets and keeping their spend', async () => {
      const { keyStore, budgetStore, clock } = await setup();
      const team = await keyStore.createTeam({ name: 'T', budget: usd('10') });
      const { key } = await keyStore.createKey({
        name: 'k',
        teamId: team.id,
        budget: usd('2'),
        period: '7d',
      });
      await budgetStore.reserve({
        id: 'r1',
        scopes: [`key:${key.id}`, `team:${team.id}`],
        amount: usd('1'),
        leaseMs: 60_000,
      });
      await budgetStore.settle('r1', usd('1'));
      clock.advance(1_000);
      const updated = await keyStore.updateKey(key.id, {
        name: 'renamed',
        budget: usd('3'),
        maxPerRequest: usd('0.1'),
        allowedModels: ['anthropic/*', '*mini*'],
        expiresAt: '2028-01-01T00:00:00Z',
      });
      expect(updated).toMatchObject({
        id: key.id,
        name: 'renamed',
        budget: usd('3'),
        period: '7d',
        maxPerRequest: usd('0.1'),
        allowedModels: ['anthropic/*', '*mini*'],
        expiresAt: '2028-01-01T00:00:00.000Z',
        createdAt: key.createdAt,
        updatedAt: '2027-03-15T12:00:01.000Z',
      });
      expect(await keyStore.getKey(key.id)).toEqual(updated);
      expect(await budgetStore.snapshot(`key:${key.id}`)).toMatchObject({ limit: usd('3'), spent: usd('1') });
      const cleared = await keyStore.updateKey(key.id, {
        budget: null,
        maxPerRequest: null,
        expiresAt: null,
      });
      expect(cleared.budget).toBeUndefined();
      expect(cleared.maxPerRequest).toBeUndefined();
      expect(cleared.expiresAt).toBeUndefined();
      expect((await budgetStore.snapshot(`key:${key.id}`))?.limit).toBeUndefined();

      const team2 = await keyStore.updateTeam(team.id, { budget: usd('20'), period: '30d', name: 'Team 2' });
      expect(team2).toMatchObject({ name: 'Team 2', budget: usd('20'), period: '30d' });
      expect(await keyStore.getTeam(team.id)).toEqual(team2);
      expect(await budgetStore.snapshot(`team:${team.id}`)).toMatchObject({
        limit: usd('20'),
        period: '30d',
      });
      expect(await keyStore.listTeams()).toEqual([team2]);
    });

    it('lists keys oldest first, by team, and leaves revoked ones out unless asked', async () => {
      const { keyStore, clock } = await setup();
      const team = await keyStore.createTeam({ name: 'T' });
      const a = await keyStore.createKey({ name: 'a', teamId: team.id });
      clock.advance(1);
      const b = await keyStore.createKey({ name: 'b' });
      clock.advance(1);
      const c = await keyStore.createKey({ name: 'c', teamId: team.id });
      await keyStore.revokeKey(c.key.id);
      expect((await keyStore.listKeys()).map((key) => key.name)).toEqual(['a', 'b']);
      expect((await keyStore.listKeys({ includeRevoked: true })).map((key) => key.name)).toEqual([
        'a',
        'b',
        'c',
      ]);
      expect((await keyStore.listKeys({ teamId: team.id })).map((key) => key.id)).toEqual([a.key.id]);
      expect(b.key.teamId).toBeUndefined();
      expect(await keyStore.getKey('key_missing')).toBeUndefined();
      expect(await keyStore.getTeam('team_missing')).toBeUndefined();
    });

    it('refuses bad input and unknown ids with a typed error', async () => {
      const { keyStore } = await setup();
      const { key } = await keyStore.createKey({ name: 'k' });
      const bad = [
        () => keyStore.createKey({ name: '' }),
        () => keyStore.createKey({ name: 'x', teamId: 'team_missing' }),
        () => keyStore.createKey({ name: 'x', budget: -1n }),
        () => keyStore.createKey({ name: 'x', period: 'weekly' as never }),
        () => keyStore.createKey({ name: 'x', expiresAt: 'tomorrow' }),
        () => keyStore.createKey({ name: 'x', allowedModels: [''] }),
        () => keyStore.createTeam({ name: '   ' }),
        () => keyStore.updateKey('key_missing', { name: 'x' }),
        () => keyStore.updateKey(key.id, { period: 'yearly' as never }),
        () => keyStore.updateTeam('team_missing', { name: 'x' }),
        () => keyStore.revokeKey('key_missing'),
      ];
      for (const call of bad) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
      }
      expect((await keyStore.listKeys()).map((listed) => listed.id)).toEqual([key.id]);
      expect(await keyStore.listTeams()).toEqual([]);
    });
  });
}
