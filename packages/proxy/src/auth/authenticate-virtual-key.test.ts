import { createMemoryBudgetStore, createMemoryKeyStore } from '@tokenwise/core';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { authenticateVirtualKey, budgetRefusal, checkPrincipalAllows } from './authenticate-virtual-key.js';
import { matchesGlob } from './matches-glob.js';

async function setup() {
  let now = Date.parse('2027-03-15T12:00:00.000Z');
  const clock = () => now;
  const budgetStore = createMemoryBudgetStore({ clock });
  const keyStore = createMemoryKeyStore({ budgetStore, clock });
  const team = await keyStore.createTeam({ name: 'T', maxPerRequest: usd('0.5') });
  const created = await keyStore.createKey({
    name: 'k',
    teamId: team.id,
    maxPerRequest: usd('0.2'),
    allowedModels: ['openai/*', '*mini*'],
    allowedStrategies: ['cheap*'],
  });
  const headers = (init: Record<string, string>) => new Headers(init);
  return { keyStore, budgetStore, team, ...created, headers, advance: (ms: number) => (now += ms) };
}

describe('authenticateVirtualKey', () => {
  it('turns a valid key (Bearer or x-api-key) into a principal with its scopes and limits', async () => {
    const { keyStore, key, secret, team, headers } = await setup();
    const expected = {
      ok: true,
      principal: {
        keyId: key.id,
        teamId: team.id,
        scopes: [`key:${key.id}`, `team:${team.id}`],
        maxPerRequest: usd('0.2'),
        allowedModels: ['openai/*', '*mini*'],
        allowedStrategies: ['cheap*'],
      },
    };
    expect(await authenticateVirtualKey(headers({ authorization: `Bearer ${secret}` }), keyStore)).toEqual(
      expected,
    );
    expect(await authenticateVirtualKey(headers({ 'x-api-key': secret }), keyStore)).toEqual(expected);
    const plain = await keyStore.createKey({ name: 'plain' });
    expect(
      await authenticateVirtualKey(headers({ authorization: `bearer ${plain.secret}` }), keyStore),
    ).toEqual({
      ok: true,
      principal: { keyId: plain.key.id, scopes: [`key:${plain.key.id}`] },
    });
  });

  it('refuses with the reason, the fitting status and no secret', async () => {
    const { keyStore, key, secret, team, headers, advance } = await setup();
    const check = async (init: Record<string, string>) => {
      const result = await authenticateVirtualKey(headers(init), keyStore);
      expect(JSON.stringify(result)).not.toContain(secret);
      return result;
    };
    expect(await check({})).toMatchObject({
      ok: false,
      reason: 'missing',
      status: 401,
      code: 'missing_api_key',
    });
    expect(await check({ authorization: 'Bearer tw-nope' })).toMatchObject({
      reason: 'unknown',
      status: 401,
    });
    await keyStore.updateTeam(team.id, { enabled: false });
    expect(await check({ 'x-api-key': secret })).toMatchObject({
      reason: 'team-disabled',
      status: 403,
      keyId: key.id,
    });
    await keyStore.updateTeam(team.id, { enabled: true });
    await keyStore.updateKey(key.id, { enabled: false });
    expect(await check({ 'x-api-key': secret })).toMatchObject({ reason: 'disabled', status: 403 });
    await keyStore.updateKey(key.id, { enabled: true, expiresAt: '2027-03-15T12:00:01Z' });
    advance(1_000);
    expect(await check({ 'x-api-key': secret })).toMatchObject({
      reason: 'expired',
      status: 401,
      code: 'key_expired',
    });
    await keyStore.revokeKey(key.id);
    expect(await check({ 'x-api-key': secret })).toMatchObject({
      reason: 'revoked',
      status: 401,
      code: 'key_revoked',
    });
  });
});

describe('checkPrincipalAllows', () => {
  it('allows matching models and strategies and refuses others with 403', async () => {
    const { keyStore, secret, headers } = await setup();
    const result = await authenticateVirtualKey(headers({ 'x-api-key': secret }), keyStore);
    if (!result.ok) throw new Error('expected a principal');
    const { principal } = result;
    expect(checkPrincipalAllows(principal, { modelId: 'openai/gpt-4.1', strategy: 'cheapest' }).ok).toBe(
      true,
    );
    expect(checkPrincipalAllows(principal, { modelId: 'google/gemini-mini-x' }).ok).toBe(true);
    expect(checkPrincipalAllows(principal, { modelId: 'anthropic/claude-sonnet-4.5' })).toMatchObject({
      ok: false,
      reason: 'model-not-allowed',
      status: 403,
      code: 'model_not_allowed',
    });
    expect(checkPrincipalAllows(principal, { strategy: 'best_quality' })).toMatchObject({
      reason: 'strategy-not-allowed',
      status: 403,
    });
    expect(checkPrincipalAllows(principal, { worstCase: usd('0.2') }).ok).toBe(true);
    expect(checkPrincipalAllows(principal, { worstCase: usd('0.2') + 1n })).toMatchObject({
      reason: 'per-request-limit',
      status: 402,
    });
    expect(
      checkPrincipalAllows({ keyId: 'k', scopes: ['key:k'] }, { modelId: 'x/y', strategy: 'z' }).ok,
    ).toBe(true);
  });
});

describe('budgetRefusal', () => {
  it('answers 429 with Retry-After for a windowed budget and 402 for one that never resets', async () => {
    const { keyStore, budgetStore, key, secret, headers } = await setup();
    const auth = await authenticateVirtualKey(headers({ 'x-api-key': secret }), keyStore);
    if (!auth.ok) throw new Error('expected a principal');
    await keyStore.updateKey(key.id, { budget: usd('1'), period: '1d' });
    const now = Date.parse('2027-03-15T12:00:00.000Z');
    const daily = budgetRefusal(
      auth.principal,
      { scope: `key:${key.id}`, remaining: usd('0.01') },
      await budgetStore.snapshot(`key:${key.id}`),
      now,
    );
    expect(daily).toMatchObject({
      status: 429,
      reason: 'key-budget',
      code: 'key_budget_exceeded',
      retryAfterSeconds: 43_200,
    });
    const team = budgetRefusal(auth.principal, { scope: 'team:t', remaining: 0n }, undefined, now);
    expect(team).toMatchObject({ status: 402, reason: 'team-budget', code: 'team_budget_exceeded' });
  });
});

describe('matchesGlob', () => {
  it('matches * and ? and treats everything else literally', () => {
    expect(matchesGlob('openai/*', 'openai/gpt-4.1')).toBe(true);
    expect(matchesGlob('openai/*', 'openrouter/openai/gpt')).toBe(false);
    expect(matchesGlob('gpt-4.?', 'gpt-4.1')).toBe(true);
    expect(matchesGlob('gpt-4.1', 'gpt-451')).toBe(false);
    expect(matchesGlob('a+(b)', 'a+(b)')).toBe(true);
    expect(matchesGlob('*', '')).toBe(true);
  });
});
