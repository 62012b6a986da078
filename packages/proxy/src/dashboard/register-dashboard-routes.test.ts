import { createMemoryLedgerStore } from '@tokenwise/ledger';
import type { BudgetScopeSnapshot, BudgetStore, CallRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createScriptedModel, fixtureDeps } from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';
import type { ProxyDeps } from '../proxy-deps.js';
import { DASHBOARD_CSP, DASHBOARD_HTML } from './generated/dashboard-page.generated.js';

const ADMIN = 'admin-key-for-tests';
const auth = { authorization: `Bearer ${ADMIN}` };

function call(
  kind: 'attempt' | 'request',
  requestId: string,
  at: string,
  modelId: string,
  cost: string,
  extra: Partial<CallRecord> = {},
): CallRecord {
  return {
    kind,
    timestamp: at,
    source: 'proxy',
    requestId,
    reason: 'proxy request',
    modelId,
    inputTokens: 10,
    outputTokens: 5,
    cost: usd(cost),
    success: true,
    outcome: 'ok',
    keyId: 'k1',
    teamId: 't1',
    ...extra,
  };
}

const RECORDS: CallRecord[] = [
  call('attempt', 'r1', '2026-12-01T10:00:00Z', 'openai/gpt-4.1', '0', {
    attempt: 1,
    success: false,
    outcome: 'error',
    status: 503,
    attemptKind: 'first',
  }),
  call('attempt', 'r1', '2026-12-01T10:00:01Z', 'openai/gpt-4.1-mini', '0.000012345678', {
    attempt: 2,
    attemptKind: 'failover',
    status: 200,
  }),
  call('request', 'r1', '2026-12-01T10:00:00Z', 'openai/gpt-4.1-mini', '0.000012345678', {
    modelAsked: 'auto',
    modelsTried: ['openai/gpt-4.1', 'openai/gpt-4.1-mini'],
    status: 200,
  }),
  call('attempt', 'r2', '2026-12-02T10:00:00Z', 'openai/gpt-4.1', '0.25', {
    keyId: 'k2',
    teamId: 't2',
    attempt: 1,
  }),
  call('request', 'r2', '2026-12-02T10:00:00Z', 'openai/gpt-4.1', '0.25', {
    keyId: 'k2',
    teamId: 't2',
    modelsTried: ['openai/gpt-4.1'],
  }),
];

function fakeBudgets(snapshots: Record<string, BudgetScopeSnapshot>): BudgetStore {
  const refuse = () => Promise.reject(new Error('read-only in this test'));
  return {
    define: refuse,
    remaining: refuse,
    reserve: refuse,
    settle: refuse,
    release: refuse,
    renew: refuse,
    expireLeases: refuse,
    snapshot: async (scope) => snapshots[scope],
  };
}

function app(overrides: Partial<ProxyDeps> = {}) {
  const { deps } = fixtureDeps({
    'openai/gpt-4.1-mini': createScriptedModel('openai/gpt-4.1-mini', [{ text: 'hi' }]),
  });
  return createProxyApp({ ...deps, ledger: createMemoryLedgerStore(RECORDS), adminKey: ADMIN, ...overrides });
}

describe('dashboard routes', () => {
  it('answers the summary with exact decimal money, series by model and routing traces', async () => {
    const response = await app().request('/admin/api/summary?bucket=day', { headers: auth });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.totals).toMatchObject({ spend: '0.250012345678', requests: 2, failoverRequests: 1 });
    expect(body.series.map((p: { start: string; spend: string }) => [p.start, p.spend])).toEqual([
      ['2026-12-01T00:00:00.000Z', '0.000012345678'],
      ['2026-12-02T00:00:00.000Z', '0.25'],
    ]);
    expect(body.byKey.k1.spend).toBe('0.000012345678');
    expect(body.topRequests[1]).toMatchObject({
      requestId: 'r1',
      modelAsked: 'auto',
      modelUsed: 'openai/gpt-4.1-mini',
      attempts: [
        { modelId: 'openai/gpt-4.1', outcome: 'error', status: 503, cost: '0' },
        { modelId: 'openai/gpt-4.1-mini', outcome: 'ok', cost: '0.000012345678' },
      ],
    });
    expect(body.budgets).toBeNull();
  });

  it('serves the projections and applies filters', async () => {
    const hono = app();
    const get = async (path: string) => (await hono.request(path, { headers: auth })).json();
    expect((await get('/admin/api/spend?key=k2')).spend).toBe('0.25');
    expect(Object.keys((await get('/admin/api/breakdown')).byTeam)).toEqual(['t2', 't1']);
    expect(
      (await get('/admin/api/top-requests?top=1')).topRequests.map((r: { requestId: string }) => r.requestId),
    ).toEqual(['r2']);
    expect(await get('/admin/api/rates?since=2026-12-01T00:00:00Z&until=2026-12-02T00:00:00Z')).toMatchObject(
      {
        requests: 1,
        failedRequests: 0,
        failoverRequests: 1,
        failoverRate: 1,
      },
    );
    expect((await get('/admin/api/summary?model=openai/gpt-4.1')).totals.spend).toBe('0.25');
  });

  it('works from read() alone when the store has no aggregate()', async () => {
    const store = createMemoryLedgerStore(RECORDS);
    const readOnly = { append: store.append, read: store.read };
    const body = await (
      await app({ ledger: readOnly }).request('/admin/api/summary', { headers: auth })
    ).json();
    expect(body.totals.spend).toBe('0.250012345678');
  });

  it('shows budgets with remaining and a burn-down when a budget store is given', async () => {
    const budgetStore = fakeBudgets({
      'key:k2': {
        id: 'key:k2',
        limit: usd('1'),
        period: '1d',
        windowStart: '2026-12-02T00:00:00.000Z',
        windowEnd: '2026-12-03T00:00:00.000Z',
        spent: usd('0.25'),
        reserved: 0n,
        remaining: usd('0.75'),
        openReservations: 0,
      },
    });
    const body = await (await app({ budgetStore }).request('/admin/api/budgets', { headers: auth })).json();
    expect(body.budgets).toEqual([
      expect.objectContaining({
        id: 'key:k2',
        scopeKind: 'key',
        scopeId: 'k2',
        limit: '1',
        remaining: '0.75',
        ledgerSpend: '0.25',
        burn: [{ at: '2026-12-02T11:00:00.000Z', spent: '0.25', remaining: '0.75' }],
      }),
    ]);
  });

  it('refuses without the admin key, with a wrong one, and when none is configured', async () => {
    expect((await app().request('/admin/api/summary')).status).toBe(401);
    expect(
      (await app().request('/admin/api/summary', { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    const page = await app().request('/ui');
    expect(page.status).toBe(401);
    expect(page.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await app({ adminKey: undefined }).request('/ui', { headers: auth })).status).toBe(403);
  });

  it('answers a bad query with a 400 that names the parameter', async () => {
    for (const [query, param] of [
      ['since=yesterday', 'since'],
      ['bucket=week', 'bucket'],
      ['top=lots', 'top'],
      ['colour=red', 'colour'],
    ]) {
      const response = await app().request(`/admin/api/summary?${query}`, { headers: auth });
      expect(response.status).toBe(400);
      expect((await response.json()).error.param).toBe(param);
    }
  });

  it('answers 503 when the ledger cannot be read', async () => {
    const response = await app({ ledger: { append: () => {} } }).request('/admin/api/summary', {
      headers: auth,
    });
    expect(response.status).toBe(503);
  });

  it('serves the self-contained page with a strict content security policy', async () => {
    const response = await app().request('/ui', { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    const html = await response.text();
    expect(html).toBe(DASHBOARD_HTML);
    // Nothing is loaded from elsewhere: no script src, no stylesheet or icon but an inline `data:` one.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)|https?:\/\/cdn/i);
    expect(DASHBOARD_CSP).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });
});
