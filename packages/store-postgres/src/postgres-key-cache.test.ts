import { keyScope } from '@tokenwise/spec';
import { afterEach, expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import type { PostgresStores } from './create-postgres-stores.js';

// The proxy authenticates with `{ cached: true }`: a replica answers from memory, drops its cache on every key or
// team change any replica notifies, and never lets a revoked key spend — the revoke closed its budget scope in
// the same transaction, and every reservation checks it.

const open: { stores: PostgresStores[]; schema: string }[] = [];
afterEach(async () => {
  for (const { stores, schema } of open.splice(0)) {
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema(schema);
  }
});

/** Two replicas on one schema; the second counts the key lookups it sends. */
async function replicas(options: { keyCacheTtlMs?: number; clock?: () => number } = {}) {
  const schema = uniqueSchema('keycache');
  const admin = await openTestStores(schema, { ledger: false });
  let lookups = 0;
  const replica = await openTestStores(schema, {
    ledger: false,
    ...options,
    onQuery: (query) => {
      if (/from virtual_keys where secret_hash/.test(query)) lookups++;
    },
  });
  open.push({ stores: [admin, replica], schema });
  return { admin, replica, lookups: () => lookups };
}

/** Polls until `check` holds (a notification crosses two connections), failing after 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeWithDatabase('PostgreSQL key store: cached authentication', () => {
  it('answers repeated cached authentications without a key lookup once it listens for changes', async () => {
    const { admin, replica, lookups } = await replicas();
    const { key, secret } = await admin.keyStore.createKey({ name: 'cached' });
    // The first answers read the key (the change listener starts meanwhile), then the cache answers.
    await eventually(async () => {
      const before = lookups();
      expect(await replica.keyStore.authenticate(secret, { cached: true })).toEqual({ ok: true, key });
      return lookups() === before;
    });
    const before = lookups();
    for (let i = 0; i < 20; i++) await replica.keyStore.authenticate(secret, { cached: true });
    expect(lookups()).toBe(before);
    // Without `cached`, every answer is read afresh.
    await replica.keyStore.authenticate(secret);
    expect(lookups()).toBe(before + 1);
  });

  it('refuses a revoked key at the next reservation on every replica, then drops the stale answer', async () => {
    const { admin, replica, lookups } = await replicas();
    const { key, secret } = await admin.keyStore.createKey({ name: 'soon revoked' });
    await eventually(async () => {
      const before = lookups();
      await replica.keyStore.authenticate(secret, { cached: true });
      return lookups() === before;
    });
    await admin.keyStore.revokeKey(key.id);
    // At once, whatever the cache still says: the scope closed in the revoking transaction.
    expect(
      await replica.budgetStore.reserve({
        id: 'after-revoke',
        scopes: [keyScope(key.id)],
        amount: 0n,
        leaseMs: 60_000,
      }),
    ).toMatchObject({ ok: false, scope: keyScope(key.id), remaining: 0n });
    expect(await replica.keyStore.authenticate(secret)).toMatchObject({ ok: false, reason: 'revoked' });
    // And the cached answer follows once the notification arrives.
    await eventually(async () => !(await replica.keyStore.authenticate(secret, { cached: true })).ok);
    expect(await replica.keyStore.authenticate(secret, { cached: true })).toEqual({
      ok: false,
      reason: 'revoked',
      keyId: key.id,
    });
  });

  it('drops a cached answer for a changed team or key, and reads again after the time to live', async () => {
    let now = Date.parse('2027-01-01T00:00:00Z');
    const { admin, replica, lookups } = await replicas({ keyCacheTtlMs: 1_000, clock: () => now });
    const team = await admin.keyStore.createTeam({ name: 'T' });
    const { key, secret } = await admin.keyStore.createKey({ name: 'member', teamId: team.id });
    await eventually(async () => {
      const before = lookups();
      await replica.keyStore.authenticate(secret, { cached: true });
      return lookups() === before;
    });
    await admin.keyStore.updateTeam(team.id, { enabled: false });
    await eventually(async () => !(await replica.keyStore.authenticate(secret, { cached: true })).ok);
    await admin.keyStore.updateTeam(team.id, { enabled: true });
    await admin.keyStore.updateKey(key.id, { allowedModels: ['openai/*'] });
    await eventually(async () => {
      const answer = await replica.keyStore.authenticate(secret, { cached: true });
      return answer.ok && answer.key.allowedModels.length === 1;
    });
    const before = lookups();
    await replica.keyStore.authenticate(secret, { cached: true });
    expect(lookups()).toBe(before);
    now += 1_000;
    await replica.keyStore.authenticate(secret, { cached: true });
    expect(lookups()).toBe(before + 1);
  });
});
