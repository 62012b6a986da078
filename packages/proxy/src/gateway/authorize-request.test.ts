import { createMemoryBudgetStore, createMemoryKeyStore } from '@tokenwise/core';
import { type KeyAuthentication, type KeyStore, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createScriptedModel, fixtureDeps } from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';
import { toAnthropicError } from '../dialects/anthropic/to-anthropic-error.js';
import { refusalError } from './authorize-request.js';

async function setup(wrapKeys: (keyStore: KeyStore) => KeyStore = (keyStore) => keyStore) {
  let now = Date.parse('2027-03-15T12:00:00.000Z');
  const clock = () => now;
  const budgetStore = createMemoryBudgetStore({ clock });
  const keyStore = createMemoryKeyStore({ budgetStore, clock });
  const mini = createScriptedModel('openai/gpt-4.1-mini', [{ text: 'hi there' }]);
  const flagship = createScriptedModel('anthropic/claude-sonnet-4.5', [{ text: 'hello' }]);
  const { deps, records } = fixtureDeps(
    { 'openai/gpt-4.1-mini': mini, 'anthropic/claude-sonnet-4.5': flagship },
    { keyStore: wrapKeys(keyStore), budgetStore, clock, apiKeys: ['sk-static'] },
  );
  const app = createProxyApp(deps);
  const send = (secret: string | undefined, body: Record<string, unknown>) =>
    app.request('/v1/chat/completions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }),
      },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }], ...body }),
    });
  return { app, send, keyStore, budgetStore, records, mini, flagship, advance: (ms: number) => (now += ms) };
}

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error;

describe('virtual keys at the doors', () => {
  it('charges the key and team scopes and puts the key and team on every record', async () => {
    const { app, send, keyStore, budgetStore, records, mini } = await setup();
    const team = await keyStore.createTeam({ name: 'T', budget: usd('10') });
    const { key, secret } = await keyStore.createKey({ name: 'k', teamId: team.id, budget: usd('5') });
    const response = await send(secret, { model: 'openai/gpt-4.1-mini', max_tokens: 50 });
    expect(response.status).toBe(200);
    await app.flushLedger();
    expect(mini.calls).toHaveLength(1);
    const spent = (await budgetStore.snapshot(`key:${key.id}`))?.spent;
    expect(spent).toBeGreaterThan(0n);
    expect((await budgetStore.snapshot(`team:${team.id}`))?.spent).toBe(spent);
    expect((await budgetStore.snapshot(`key:${key.id}`))?.reserved).toBe(0n);
    expect(records.length).toBeGreaterThan(1);
    for (const { record } of records) {
      expect(record).toMatchObject({ keyId: key.id, teamId: team.id });
      expect(JSON.stringify(record, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(
        secret,
      );
    }
  });

  it('says a key was revoked when a stale cached authentication let it through to a closed scope', async () => {
    // A replica's cache still answers "valid" for a key another replica just revoked: the reservation on its
    // closed scope refuses, and the door says why (401 key_revoked), not that a budget is spent.
    const stale = new Map<string, KeyAuthentication>();
    const { send, keyStore, mini } = await setup((inner) => ({
      ...inner,
      authenticate: async (secret, options) => stale.get(secret) ?? inner.authenticate(secret, options),
    }));
    const team = await keyStore.createTeam({ name: 'T' });
    const revoked = await keyStore.createKey({ name: 'r', budget: usd('5') });
    const member = await keyStore.createKey({ name: 'm', teamId: team.id });
    stale.set(revoked.secret, await keyStore.authenticate(revoked.secret));
    stale.set(member.secret, await keyStore.authenticate(member.secret));
    await keyStore.revokeKey(revoked.key.id);
    await keyStore.updateTeam(team.id, { enabled: false });
    for (const [secret, status, code] of [
      [revoked.secret, 401, 'key_revoked'],
      [member.secret, 403, 'team_disabled'],
    ] as const) {
      const response = await send(secret, { model: 'openai/gpt-4.1-mini', max_tokens: 50 });
      expect(response.status).toBe(status);
      expect((await errorOf(response)).code).toBe(code);
    }
    expect(mini.calls).toHaveLength(0);
  });

  it('refuses missing, unknown, revoked and expired keys with 401 before any upstream call', async () => {
    const { send, keyStore, mini, advance } = await setup();
    const revoked = await keyStore.createKey({ name: 'r' });
    await keyStore.revokeKey(revoked.key.id);
    const expiring = await keyStore.createKey({ name: 'e', expiresAt: '2027-03-15T12:00:01.000Z' });
    advance(2000);
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'missing_api_key'],
      ['tw-not-a-key', 'invalid_api_key'],
      ['sk-static', 'invalid_api_key'],
      [revoked.secret, 'key_revoked'],
      [expiring.secret, 'key_expired'],
    ];
    for (const [secret, code] of cases) {
      const response = await send(secret, { model: 'openai/gpt-4.1-mini' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const text = await response.text();
      expect(JSON.parse(text).error.code).toBe(code);
      if (secret !== undefined) expect(text).not.toContain(secret);
    }
    expect(mini.calls).toHaveLength(0);
  });

  it('lists models only for a valid key', async () => {
    const { app, keyStore } = await setup();
    const { secret } = await keyStore.createKey({ name: 'k' });
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/v1/models', { headers: { authorization: 'Bearer sk-static' } })).status).toBe(
      401,
    );
    expect((await app.request('/v1/models', { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      200,
    );
    const one = await app.request('/v1/models/openai/gpt-4.1-mini', { headers: { 'x-api-key': 'nope' } });
    expect(one.status).toBe(401);
  });

  it('refuses a model or strategy the key may not use with 403, and keeps the router on allowed models', async () => {
    const { send, keyStore, mini, flagship } = await setup();
    const { secret } = await keyStore.createKey({
      name: 'k',
      allowedModels: ['*mini*'],
      allowedStrategies: ['cheap*', 'best_quality'],
    });
    const named = await send(secret, { model: 'anthropic/claude-sonnet-4.5' });
    expect(named.status).toBe(403);
    expect((await errorOf(named)).code).toBe('model_not_allowed');
    const strategy = await send(secret, { model: 'tokenwise/balanced' });
    expect(strategy.status).toBe(403);
    expect((await errorOf(strategy)).code).toBe('strategy_not_allowed');
    expect(flagship.calls).toHaveLength(0);
    // `best_quality` would pick a flagship; the key only allows mini models.
    const routed = await send(secret, { model: 'tokenwise/best_quality', max_tokens: 20 });
    expect(routed.status).toBe(200);
    expect(routed.headers.get('x-tokenwise-model')).toBe('openai/gpt-4.1-mini');
    expect(flagship.calls).toHaveLength(0);
    expect(mini.calls).toHaveLength(1);
  });

  it('caps the request at the per-request maximum and refuses what cannot fit with 402', async () => {
    const { send, keyStore, flagship } = await setup();
    const { secret } = await keyStore.createKey({ name: 'k', maxPerRequest: usd('0.000001') });
    const response = await send(secret, { model: 'anthropic/claude-sonnet-4.5', max_tokens: 1000 });
    expect(response.status).toBe(402);
    expect((await errorOf(response)).code).toBe('per_request_limit_exceeded');
    expect(flagship.calls).toHaveLength(0);
  });

  it('refuses a spent windowed key budget with 429 and retry-after, a spent team budget with 402', async () => {
    const { send, keyStore, flagship } = await setup();
    const daily = await keyStore.createKey({ name: 'd', budget: usd('0.000001'), period: '1d' });
    const response = await send(daily.secret, { model: 'anthropic/claude-sonnet-4.5', max_tokens: 1000 });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBe(12 * 3600);
    expect((await errorOf(response)).code).toBe('key_budget_exceeded');
    const team = await keyStore.createTeam({ name: 'T', budget: usd('0.000001') });
    const member = await keyStore.createKey({ name: 'm', teamId: team.id });
    const refused = await send(member.secret, { model: 'anthropic/claude-sonnet-4.5', max_tokens: 1000 });
    expect(refused.status).toBe(402);
    expect((await errorOf(refused)).code).toBe('team_budget_exceeded');
    expect(flagship.calls).toHaveLength(0);
  });

  it('gives the Messages door its own error shape for a refusal', () => {
    const error = toAnthropicError(
      refusalError({
        ok: false,
        reason: 'key-budget',
        status: 429,
        code: 'key_budget_exceeded',
        message: 'This API key has $0 left.',
        retryAfterSeconds: 5,
      }),
    );
    expect(error.status).toBe(429);
    expect(error.type).toBe('rate_limit_error');
    expect(error.headers).toMatchObject({ 'retry-after': '5' });
  });

  it('refuses a model without a known price when the key or its team has a budget, forwards it otherwise', async () => {
    const budgetStore = createMemoryBudgetStore({ clock: () => 0 });
    const keyStore = createMemoryKeyStore({ budgetStore, clock: () => 0 });
    const outside = createScriptedModel('openai/gpt-9', [{ text: 'one' }, { text: 'two' }]);
    const { deps } = fixtureDeps({ 'openai/gpt-9': outside }, { keyStore, budgetStore });
    const app = createProxyApp(deps);
    const send = (secret: string) =>
      app.request('/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
        body: JSON.stringify({ model: 'openai/gpt-9', messages: [{ role: 'user', content: 'hello' }] }),
      });
    const free = await keyStore.createKey({ name: 'free' });
    const budgeted = await keyStore.createKey({ name: 'budgeted', budget: usd('5') });
    const capped = await keyStore.createKey({ name: 'capped', maxPerRequest: usd('0.1') });
    const team = await keyStore.createTeam({ name: 'T', budget: usd('10') });
    const teamed = await keyStore.createKey({ name: 'teamed', teamId: team.id });
    for (const { secret } of [budgeted, capped, teamed]) {
      const refused = await send(secret);
      expect(refused.status).toBe(400);
      const error = (await refused.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toBe('model_not_priced');
      expect(error.error.message).toContain('model_overrides');
    }
    expect(outside.calls).toHaveLength(0);
    const answered = await send(free.secret);
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-tokenwise-cost')).toBe('unknown');
    expect(outside.calls).toHaveLength(1);
  });
});
