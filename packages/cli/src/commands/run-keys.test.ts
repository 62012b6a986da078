// biome-ignore-all lint/suspicious/noExplicitAny: parsed JSON output is untyped in these tests
import { createMemoryBudgetStore, createMemoryKeyStore } from '@tokenwise/core';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createTestDeps } from '../__fixtures__/create-test-deps.js';

function setup() {
  const budgetStore = createMemoryBudgetStore();
  const keyStore = createMemoryKeyStore({ budgetStore });
  let closes = 0;
  const t = createTestDeps();
  t.deps.openKeyStore = async () => ({
    keyStore,
    budgetStore,
    location: 'postgres://tw:***@db/tokenwise',
    close: async () => void closes++,
  });
  const json = async (...args: string[]) => {
    const before = t.stdout().length;
    expect(await t.run(...args, '--json')).toBe(0);
    return JSON.parse(t.stdout().slice(before)) as any;
  };
  return { t, keyStore, budgetStore, json, closes: () => closes };
}

describe('tokenwise keys and teams', () => {
  it('creates a team and a key with budgets, printing the secret once', async () => {
    const { t, json, keyStore, closes } = setup();
    const team = await json('teams', 'create', 'Search', '--budget', '$50', '--period', 'month');
    expect(team).toMatchObject({
      object: 'tokenwise.team',
      name: 'Search',
      budget_usd: '50',
      period: 'month',
    });
    const created = await json(
      'keys',
      'create',
      'ci bot',
      '--team',
      team.id,
      '--budget',
      '5',
      '--period',
      '1d',
      '--max-per-request',
      '0.25',
      '--models',
      'openai/*, *mini*',
      '--expires',
      '2099-01-01T00:00:00Z',
    );
    expect(created.secret).toMatch(/^tw-/);
    expect(created.key).toMatchObject({
      name: 'ci bot',
      team_id: team.id,
      budget_usd: '5',
      period: '1d',
      max_per_request_usd: '0.25',
      allowed_models: ['openai/*', '*mini*'],
      expires_at: '2099-01-01T00:00:00.000Z',
      status: 'active',
    });
    expect((await keyStore.getKey(created.key.id))?.budget).toBe(usd('5'));
    expect(closes()).toBe(2);
    // The human form prints the secret once too, and says so.
    expect(await t.run('keys', 'create', 'other')).toBe(0);
    expect(t.stdout()).toMatch(/Secret\S* \(shown once, store it now\): tw-/);
  });

  it('lists and shows keys without their secrets, with the spend of the current window', async () => {
    const { t, json, budgetStore } = setup();
    const { key, secret } = await json('keys', 'create', 'k', '--budget', '1');
    await budgetStore.reserve({ id: 'r', scopes: [`key:${key.id}`], amount: usd('0.4'), leaseMs: 60_000 });
    await budgetStore.settle('r', usd('0.25'));
    const listed = await json('keys', 'list');
    expect(listed.map((k: any) => k.id)).toEqual([key.id]);
    const shown = await json('keys', 'show', key.id);
    expect(shown.spend).toMatchObject({ spent_usd: '0.25', remaining_usd: '0.75', reserved_usd: '0' });
    expect(await t.run('keys', 'show', key.id)).toBe(0);
    expect(await t.run('keys', 'list')).toBe(0);
    expect(t.stdout().split(secret).length).toBe(2); // only in the creation answer
    expect(t.stdout()).toContain('spent:        $0.25');
  });

  it('revokes a key, hides it from the default listing and refuses it', async () => {
    const { t, json, keyStore } = setup();
    const { key, secret } = await json('keys', 'create', 'k');
    expect(await t.run('keys', 'revoke', key.id)).toBe(0);
    expect(t.stdout()).toContain(`Revoked ${key.id} (k)`);
    expect(await json('keys', 'list')).toEqual([]);
    expect((await json('keys', 'list', '--all'))[0].status).toBe('revoked');
    expect(await keyStore.authenticate(secret)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('shows and lists teams', async () => {
    const { t, json } = setup();
    const team = await json('teams', 'create', 'T', '--budget', '10', '--period', '7d');
    expect((await json('teams', 'list')).map((x: any) => x.name)).toEqual(['T']);
    const shown = await json('teams', 'show', team.id);
    expect(shown.spend).toMatchObject({ limit_usd: '10', period: '7d', spent_usd: '0' });
    expect(await t.run('teams', 'list')).toBe(0);
    expect(t.stdout()).toContain('$10');
  });

  it('fails with a usage error on bad input or without a database', async () => {
    const { t } = setup();
    expect(await t.run('keys', 'create', 'k', '--period', 'weekly')).toBe(2);
    expect(await t.run('keys', 'create', 'k', '--budget', 'lots')).toBe(2);
    expect(await t.run('keys', 'show', 'key_missing')).toBe(2);
    expect(await t.run('keys', 'create', 'k', '--team', 'team_missing')).toBe(2);
    expect(await t.run('keys', 'create', 'k', '--bugdet', '5')).toBe(2);
    const none = createTestDeps();
    expect(await none.run('keys', 'list')).toBe(2);
    expect(none.stderr()).toContain('TOKENWISE_DATABASE_URL');
  });
});
