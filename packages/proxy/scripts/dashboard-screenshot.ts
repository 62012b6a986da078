// Takes the README's dashboard screenshot (docs/dashboard.png) from synthetic data: a week of proxy records with
// three keys in two teams, failovers and refusals, and a budget store with daily key budgets. Needs
// /usr/bin/chromium. Run `pnpm --filter @tokenwise/proxy screenshot:dashboard`.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createMemoryLedgerStore } from '@tokenwise/ledger';
import type { BudgetScopeSnapshot, BudgetStore, CallRecord } from '@tokenwise/spec';
import { chromium } from 'playwright-core';
import { createProxyApp } from '../src/create-proxy-app.js';

const ADMIN = 'screenshot-admin-key';
const MODELS = [
  ['openai/gpt-4.1-mini', 0.4, 1.6],
  ['google/gemini-2.5-flash', 0.3, 2.5],
  ['anthropic/claude-sonnet-4.5', 3, 15],
  ['openai/gpt-4.1', 2, 8],
] as const;
const KEYS = [
  ['key_support', 'team_care'],
  ['key_search', 'team_care'],
  ['key_agents', 'team_labs'],
] as const;
const END = Date.UTC(2026, 11, 5, 9);
const DAY = 86_400_000;

let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pico = (tokensIn: number, tokensOut: number, input: number, output: number) =>
  BigInt(tokensIn) * BigInt(input * 1e6) + BigInt(tokensOut) * BigInt(output * 1e6);

const records: CallRecord[] = [];
for (let i = 0; i < 1400; i++) {
  const at = END - 7 * DAY + Math.floor(random() * 7 * DAY);
  const [keyId, teamId] = KEYS[Math.floor(random() * KEYS.length)]!;
  const requestId = `req${i.toString(16).padStart(8, '0')}`;
  const timestamp = new Date(at).toISOString();
  const base = { source: 'proxy', requestId, keyId, teamId, door: 'chat', strategy: 'balanced' } as const;
  if (random() < 0.03) {
    records.push({
      ...base,
      kind: 'request',
      timestamp,
      reason: 'proxy request',
      modelId: 'none',
      inputTokens: 0,
      outputTokens: 0,
      cost: 0n,
      success: false,
      outcome: 'refused',
      status: 402,
      errorCode: 'budget_exceeded',
      modelsTried: [],
      modelAsked: 'auto',
    });
    continue;
  }
  const first = MODELS[keyId === 'key_agents' ? 2 + Math.floor(random() * 2) : Math.floor(random() * 2)]!;
  const failover = random() < 0.08;
  const used = failover ? MODELS[(MODELS.indexOf(first) + 1) % MODELS.length]! : first;
  const tokensIn = 200 + Math.floor(random() * (keyId === 'key_agents' ? 9000 : 2500));
  const tokensOut = 50 + Math.floor(random() * 900);
  const cost = pico(tokensIn, tokensOut, used[1], used[2]);
  if (failover) {
    records.push({
      ...base,
      kind: 'attempt',
      timestamp,
      reason: 'proxy request attempt 1',
      modelId: first[0],
      inputTokens: 0,
      outputTokens: 0,
      cost: 0n,
      success: false,
      outcome: 'error',
      status: 503,
      attempt: 1,
      attemptKind: 'first',
    });
  }
  records.push({
    ...base,
    kind: 'attempt',
    timestamp,
    reason: 'proxy request attempt',
    modelId: used[0],
    inputTokens: tokensIn,
    outputTokens: tokensOut,
    cost,
    success: true,
    outcome: 'ok',
    status: 200,
    attempt: failover ? 2 : 1,
    attemptKind: failover ? 'failover' : 'first',
  });
  records.push({
    ...base,
    kind: 'request',
    timestamp,
    reason: 'proxy request',
    modelId: used[0],
    inputTokens: tokensIn,
    outputTokens: tokensOut,
    cost,
    success: true,
    outcome: 'ok',
    status: 200,
    modelAsked: keyId === 'key_search' ? first[0] : 'auto',
    modelsTried: failover ? [first[0], used[0]] : [used[0]],
  });
}
records.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
const store = createMemoryLedgerStore(records);

const dayStart = END - (END % DAY);
const spentToday = (keyId: string) =>
  records
    .filter((r) => r.kind === 'attempt' && r.keyId === keyId && Date.parse(r.timestamp) >= dayStart)
    .reduce((sum, r) => sum + r.cost, 0n);
const snapshot = (id: string, limit: bigint, spent: bigint): BudgetScopeSnapshot => ({
  id,
  limit,
  period: '1d',
  windowStart: new Date(dayStart).toISOString(),
  windowEnd: new Date(dayStart + DAY).toISOString(),
  spent,
  reserved: 0n,
  remaining: limit > spent ? limit - spent : 0n,
  openReservations: 0,
});
const snapshots: Record<string, BudgetScopeSnapshot> = {
  'key:key_agents': snapshot('key:key_agents', 2_000_000_000_000n, spentToday('key_agents')),
  'key:key_support': snapshot('key:key_support', 500_000_000_000n, spentToday('key_support')),
};
const readOnly = () => Promise.reject(new Error('read-only'));
const budgetStore: BudgetStore = {
  define: readOnly,
  remaining: readOnly,
  reserve: readOnly,
  settle: readOnly,
  release: readOnly,
  renew: readOnly,
  expireLeases: readOnly,
  snapshot: async (scope) => snapshots[scope],
};

const app = createProxyApp({
  registry: { models: () => [], get: () => undefined },
  router: {
    route: () => {
      throw new Error('not used');
    },
  },
  resolve: () => {
    throw new Error('not used');
  },
  ledger: store,
  adminKey: ADMIN,
  budgetStore,
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, async (info: AddressInfo) => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` },
    });
    await page.goto(`http://127.0.0.1:${info.port}/ui`);
    await page.waitForSelector('body[data-loaded="true"]');
    const path = fileURLToPath(new URL('../../../docs/dashboard.png', import.meta.url));
    // Down to the first rows of the routing table: the rest of the page repeats them.
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 2300 } });
    console.log(`wrote ${path}`);
  } finally {
    await browser.close();
    server.close();
  }
});
