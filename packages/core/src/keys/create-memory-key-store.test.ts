import { InvalidArgumentError } from '@tokenwise/spec';
import { keyStoreConformance } from '@tokenwise/testkit/vitest';
import { describe, expect, it } from 'vitest';
import { createMemoryBudgetStore } from '../budget/create-memory-budget-store.js';
import { createMemoryKeyStore } from './create-memory-key-store.js';

keyStoreConformance({
  name: 'memory',
  create: (clock) => {
    const budgetStore = createMemoryBudgetStore({ clock });
    return { keyStore: createMemoryKeyStore({ budgetStore, clock }), budgetStore };
  },
});

describe('createMemoryKeyStore', () => {
  const create = () => createMemoryKeyStore({ budgetStore: createMemoryBudgetStore() });

  it('gives keys and teams ids that say what they are', async () => {
    const store = create();
    const team = await store.createTeam({ name: 'Search' });
    const { key } = await store.createKey({ name: 'ci', teamId: team.id });
    expect(team.id).toMatch(/^team_[0-9a-f]{16}$/);
    expect(key.id).toMatch(/^key_[0-9a-f]{16}$/);
  });

  it('names the unknown key or team in its error', async () => {
    const store = create();
    const cases: [Promise<unknown>, string, string][] = [
      [store.updateTeam('team_x', { name: 'n' }), 'teamId', 'Unknown team "team_x".'],
      [store.createKey({ name: 'k', teamId: 'team_y' }), 'teamId', 'Unknown team "team_y".'],
      [store.updateKey('key_x', { name: 'n' }), 'keyId', 'Unknown key "key_x".'],
      [store.revokeKey('key_y'), 'keyId', 'Unknown key "key_y".'],
    ];
    for (const [call, argument, message] of cases) {
      const error = await call.catch((caught: unknown) => caught);
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ argument, message });
    }
  });

  it('authenticates only a string secret: not a String object or anything else that prints as one', async () => {
    const store = create();
    const { secret } = await store.createKey({ name: 'k' });
    expect((await store.authenticate(secret)).ok).toBe(true);
    const impostors: unknown[] = [new String(secret), { toString: () => secret }, [secret], '', undefined];
    for (const impostor of impostors) {
      expect(await store.authenticate(impostor as string)).toEqual({ ok: false, reason: 'unknown' });
    }
  });
});
