// biome-ignore-all lint/suspicious/noExplicitAny: response bodies are untyped JSON in these tests
import { createMemoryBudgetStore, createMemoryKeyStore } from '@tokenwise/core';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createScriptedModel, fixtureDeps } from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';

const ADMIN = 'admin-key-0123456789';

function setup(adminKey: string | null = ADMIN) {
  let now = Date.parse('2027-03-15T12:00:00.000Z');
  const clock = () => now;
  const budgetStore = createMemoryBudgetStore({ clock });
  const keyStore = createMemoryKeyStore({ budgetStore, clock });
  const model = createScriptedModel('openai/gpt-4.1-mini', [{ text: 'hi' }]);
  const fixture = fixtureDeps(
    { 'openai/gpt-4.1-mini': model },
    { keyStore, budgetStore, adminKey: adminKey ?? undefined, clock },
  );
  const app = createProxyApp(fixture.deps);
  const call = async (method: string, path: string, body?: unknown, key: string | null = adminKey) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await app.request(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as any, headers: response.headers };
  };
  return { app, call, keyStore, budgetStore, advance: (ms: number) => (now += ms) };
}

describe('admin API', () => {
  it('refuses without the admin key, with a wrong one, and when none is configured', async () => {
    const { call } = setup();
    expect((await call('GET', '/admin/keys', undefined, null)).status).toBe(401);
    const wrong = await call('GET', '/admin/keys', undefined, 'admin-key-012345678');
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.type).toBe('authentication_error');
    expect(wrong.text).not.toContain('admin-key-0');
    const off = setup(null);
    const refused = await off.call('POST', '/admin/keys', { name: 'x' }, 'anything');
    expect(refused.status).toBe(403);
    expect(await off.keyStore.listKeys()).toEqual([]);
  });

  it('creates a team and a key, shows the secret once and never lists it', async () => {
    const { call } = setup();
    const team = await call('POST', '/admin/teams', { name: 'Search', budget_usd: '50', period: 'month' });
    expect(team.status).toBe(201);
    expect(team.json).toMatchObject({
      object: 'tokenwise.team',
      name: 'Search',
      budget_usd: '50',
      period: 'month',
    });
    const created = await call('POST', '/admin/keys', {
      name: 'ci',
      team_id: team.json.id,
      budget_usd: 5,
      period: '1d',
      max_per_request_usd: '0.25',
      allowed_models: ['openai/*'],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { secret, key } = created.json;
    expect(secret).toMatch(/^tw-/);
    expect(key).toMatchObject({
      object: 'tokenwise.key',
      name: 'ci',
      status: 'active',
      team_id: team.json.id,
      budget_usd: '5',
      max_per_request_usd: '0.25',
      allowed_models: ['openai/*'],
    });
    expect(secret.startsWith(key.prefix)).toBe(true);
    const listed = await call('GET', '/admin/keys');
    expect(listed.json.data).toHaveLength(1);
    const shown = await call('GET', `/admin/keys/${key.id}`);
    for (const answer of [listed, shown, await call('GET', '/admin/teams')]) {
      expect(answer.text).not.toContain(secret);
    }
    expect(shown.json.spend).toEqual({
      period: '1d',
      limit_usd: '5',
      spent_usd: '0',
      reserved_usd: '0',
      remaining_usd: '5',
      open_reservations: 0,
      window_start: '2027-03-15T00:00:00.000Z',
      window_end: '2027-03-16T00:00:00.000Z',
    });
  });

  it('shows spend in the current window, what is left and what is in flight', async () => {
    const { call, budgetStore } = setup();
    const { key } = (await call('POST', '/admin/keys', { name: 'k', budget_usd: '1' })).json;
    await budgetStore.reserve({ id: 'r1', scopes: [`key:${key.id}`], amount: usd('0.3'), leaseMs: 60_000 });
    await budgetStore.reserve({ id: 'r2', scopes: [`key:${key.id}`], amount: usd('0.2'), leaseMs: 60_000 });
    await budgetStore.settle('r1', usd('0.1'));
    const shown = await call('GET', `/admin/keys/${key.id}`);
    expect(shown.json.spend).toMatchObject({
      spent_usd: '0.1',
      reserved_usd: '0.2',
      remaining_usd: '0.7',
      open_reservations: 1,
    });
  });

  it('updates and revokes keys, updates teams, and lists revoked keys only when asked', async () => {
    const { call, keyStore, advance } = setup();
    const { key, secret } = (await call('POST', '/admin/keys', { name: 'k' })).json;
    const updated = await call('PATCH', `/admin/keys/${key.id}`, {
      budget_usd: '2',
      expires_at: '2027-03-16T00:00:00Z',
    });
    expect(updated.json).toMatchObject({ budget_usd: '2', expires_at: '2027-03-16T00:00:00.000Z' });
    advance(86_400_000);
    expect((await call('GET', `/admin/keys/${key.id}`)).json.status).toBe('expired');
    const revoked = await call('POST', `/admin/keys/${key.id}/revoke`);
    expect(revoked.json).toMatchObject({ status: 'revoked', revoked_at: '2027-03-16T12:00:00.000Z' });
    expect(await keyStore.authenticate(secret)).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await call('GET', '/admin/keys')).json.data).toEqual([]);
    expect((await call('GET', '/admin/keys?include_revoked=true')).json.data).toHaveLength(1);
    const team = (await call('POST', '/admin/teams', { name: 'T' })).json;
    const patched = await call('PATCH', `/admin/teams/${team.id}`, { enabled: false, budget_usd: null });
    expect(patched.json).toMatchObject({ enabled: false, budget_usd: null });
    expect((await call('GET', `/admin/teams/${team.id}`)).json.spend.limit_usd).toBeNull();
  });

  it('answers bad input and unknown ids in OpenAI error shape', async () => {
    const { call } = setup();
    const cases: [string, string, unknown, number, string][] = [
      ['POST', '/admin/keys', { name: '' }, 400, 'invalid_request_error'],
      ['POST', '/admin/keys', { name: 'x', budget_usd: 'lots' }, 400, 'invalid_request_error'],
      ['POST', '/admin/keys', { name: 'x', period: 'weekly' }, 400, 'invalid_request_error'],
      ['POST', '/admin/keys', { name: 'x', secret: 'tw-mine' }, 400, 'invalid_request_error'],
      ['POST', '/admin/keys', { name: 'x', team_id: 'team_nope' }, 400, 'invalid_request_error'],
      ['POST', '/admin/keys', 'not json', 400, 'invalid_request_error'],
      ['GET', '/admin/keys/key_nope', undefined, 404, 'not_found_error'],
      ['PATCH', '/admin/keys/key_nope', { name: 'x' }, 404, 'not_found_error'],
      ['POST', '/admin/keys/key_nope/revoke', undefined, 404, 'not_found_error'],
      ['GET', '/admin/teams/team_nope', undefined, 404, 'not_found_error'],
    ];
    for (const [method, path, body, status, type] of cases) {
      const answer = await call(method, path, body);
      expect([path, answer.status, answer.json.error?.type]).toEqual([path, status, type]);
      expect(typeof answer.json.error.message).toBe('string');
    }
  });
});
