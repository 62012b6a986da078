import { aggregateRecords } from '@tokenwise/ledger';
import type { LedgerAggregate, LedgerAggregateQuery } from '@tokenwise/spec';
import { InvalidArgumentError, toDecimalString } from '@tokenwise/spec';
import type { Context, Hono } from 'hono';
import { OpenAIHttpError } from '../errors/openai-http-error.js';
import { adminAuth } from '../middleware/admin-auth.js';
import { budgetBurndowns } from './budget-burndown.js';
import type { DashboardDeps, DashboardLedger } from './dashboard-deps.js';
import { parseDashboardQuery } from './parse-dashboard-query.js';

/**
 * Registers the read-only spend dashboard, all behind the admin key:
 * - `GET /ui`: the page (HTML, script and styles in one response; no CDN, works offline). Browsers are asked
 *   for the key with HTTP Basic (any user name, the admin key as password).
 * - `GET /admin/api/summary`: everything the page shows in one answer (the ledger aggregate plus budgets);
 * - `GET /admin/api/spend` (series by model), `/admin/api/breakdown` (models, keys, teams, budgets),
 *   `/admin/api/top-requests` (routing traces), `/admin/api/rates` (requests, failures, failovers),
 *   `/admin/api/budgets` (burn-down of each budget in its window);
 * each taking `?since&until&bucket=hour|day&key&team&model&top`. Money is exact decimal USD strings.
 */
export function registerDashboardRoutes(app: Hono, deps: DashboardDeps): void {
  const guard = adminAuth(deps.adminKey);
  app.use('/admin/api/*', guard);
  app.use('/ui', adminAuth(deps.adminKey, { basicRealm: 'TokenWise dashboard' }));

  app.get('/ui', async () => {
    // The page (~190 kB of HTML and script) is loaded on its first view, not held by every idle server.
    const { DASHBOARD_CSP, DASHBOARD_HTML } = await import('./generated/dashboard-page.generated.js');
    return new Response(DASHBOARD_HTML, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': DASHBOARD_CSP,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    });
  });

  const aggregate = (query: LedgerAggregateQuery) => aggregateLedger(requireLedger(deps.ledger), query);
  const budgets = async (seen: LedgerAggregate) =>
    deps.budgetStore === undefined ? null : budgetBurndowns(deps.budgetStore, seen, aggregate);

  const route = (path: string, view: (result: LedgerAggregate) => Promise<unknown> | unknown) =>
    app.get(path, async (c) => {
      const query = parseDashboardQuery(c.req.url);
      return json(c, await view(await checked(() => aggregate(query))));
    });

  route('/admin/api/summary', async (result) => ({ ...result, budgets: await budgets(result) }));
  route('/admin/api/spend', ({ since, until, bucket, totals, series }) => ({
    since,
    until,
    bucket,
    spend: totals.spend,
    series: series.map(({ start, spend, byModel }) => ({ start, spend, byModel })),
  }));
  route('/admin/api/breakdown', async (result) => ({
    since: result.since,
    until: result.until,
    byModel: result.byModel,
    byKey: result.byKey,
    byTeam: result.byTeam,
    budgets: await budgets(result),
  }));
  route('/admin/api/top-requests', ({ since, until, topRequests }) => ({ since, until, topRequests }));
  route('/admin/api/rates', ({ since, until, bucket, totals, series }) => ({
    since,
    until,
    bucket,
    ...rates(totals),
    series: series.map((point) => ({ start: point.start, ...rates(point) })),
  }));
  route('/admin/api/budgets', async (result) => ({ budgets: await budgets(result) }));
}

/** The store's own aggregation when it has one, else the records it streams (from `since` on). */
function aggregateLedger(ledger: DashboardLedger, query: LedgerAggregateQuery): Promise<LedgerAggregate> {
  if (ledger.aggregate !== undefined) return ledger.aggregate(query);
  return aggregateRecords(ledger.read(query.since === undefined ? undefined : { since: query.since }), query);
}

function requireLedger(ledger: DashboardLedger | undefined): DashboardLedger {
  if (ledger === undefined) {
    throw new OpenAIHttpError({
      status: 503,
      type: 'api_error',
      code: 'no_ledger',
      message:
        'The dashboard has no ledger to read: compose the proxy with a ledger store (memory, JSONL, database).',
    });
  }
  return ledger;
}

/** A bad query value (time, bucket, top) becomes a 400 that names it. */
async function checked<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) {
      throw new OpenAIHttpError({
        status: 400,
        type: 'invalid_request_error',
        code: 'invalid_query',
        param: error.argument,
        message: error.message,
      });
    }
    throw error;
  }
}

function rates(counts: { requests: number; failedRequests: number; failoverRequests: number }) {
  const { requests, failedRequests, failoverRequests } = counts;
  return {
    requests,
    failedRequests,
    failoverRequests,
    failureRate: requests === 0 ? 0 : failedRequests / requests,
    failoverRate: requests === 0 ? 0 : failoverRequests / requests,
  };
}

/** JSON with exact money: every bigint (pico-dollars) becomes a decimal USD string. */
function json(c: Context, value: unknown): Response {
  const body = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? toDecimalString(v) : v));
  return c.body(body, 200, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
}
