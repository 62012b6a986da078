// The dashboard in a real browser: Debian's Chromium driven by playwright-core loads /ui from a proxy on loopback
// whose ledger holds requests served through the test kit's Anthropic mock upstream (one of them failed over),
// then the test checks that the charts carry those requests' spend and the table their routing traces. A
// screenshot is saved to packages/proxy/test-artifacts/dashboard.png (gitignored).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createModelRegistry, createProviderResolver, createRouter } from '@tokenwise/core';
import { type CallRecord, createMemoryLedgerStore } from '@tokenwise/ledger';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { type ModelInfo, toDecimalString } from '@tokenwise/spec';
import { anthropicError, createAnthropicMockUpstream } from '@tokenwise/testkit';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyApp } from '../create-proxy-app.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install -y chromium).`);
  console.warn(`Skipping the dashboard browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}

const ADMIN = 'dashboard-admin-key';
const HAIKU = 'anthropic/claude-haiku-4.5';
const SONNET = 'anthropic/claude-sonnet-4.5';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

function model(id: string, tier: ModelInfo['tier'], input: number, output: number): ModelInfo {
  return {
    id,
    name: id,
    provider: 'anthropic',
    pricing: { inputPerMillion: input, outputPerMillion: output },
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    capabilities: ['general', 'code', 'reasoning'],
    tier,
    inputModalities: ['text'],
    supportedParameters: ['tools', 'max_tokens'],
  };
}

describe.skipIf(!HAS_CHROMIUM)('dashboard in Chromium', () => {
  const store = createMemoryLedgerStore();
  let server: { close(): void };
  let base = '';
  let profile = '';

  beforeAll(async () => {
    const upstream = createAnthropicMockUpstream();
    const registry = createModelRegistry({
      models: [model(HAIKU, 'budget', 1, 5), model(SONNET, 'mid', 3, 15)],
    });
    const resolver = createProviderResolver({
      providers: { anthropic: createAnthropic({ apiKey: 'sk-ant-test', fetch: upstream.fetch }) },
      registry,
    });
    const app = createProxyApp({
      registry,
      router: createRouter({ models: registry }),
      resolve: (id) => resolver.resolve(id),
      ledger: store,
      adminKey: ADMIN,
      logger: { warn: () => {}, error: () => {} },
    });
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
        resolve(info.port),
      );
    });
    base = `http://127.0.0.1:${port}`;
    const ask = (modelId: string, text: string) =>
      fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: modelId,
          messages: [{ role: 'user', content: text }],
          max_tokens: 200,
        }),
      }).then((response) => response.json());
    await ask(SONNET, 'What is two plus two?');
    await ask('tokenwise/cheapest', 'Say hello to the team.');
    // Routed as a math question, which no model of this catalog can do: refused before any upstream call.
    await ask('auto', 'Name a prime number between ten and twenty.');
    // The cheapest model is overloaded once: the request fails over to the next one.
    upstream.enqueue(anthropicError(529, 'Overloaded'));
    await ask('tokenwise/cheapest', 'Write one short sentence about budgets.');
    await app.flushLedger();
    profile = mkdtempSync(join(tmpdir(), 'tokenwise-chromium-'));
  });

  afterAll(() => {
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('charts the served requests’ spend and lists their routing traces', async () => {
    const records = store.records as CallRecord[];
    const attempts = records.filter((r) => r.kind === 'attempt');
    const requests = records.filter((r) => r.kind === 'request');
    expect(requests).toHaveLength(4);
    const total = attempts.reduce((sum, r) => sum + r.cost, 0n);
    expect(total).toBeGreaterThan(0n);
    const byModel = new Map<string, bigint>();
    for (const r of attempts) byModel.set(r.modelId, (byModel.get(r.modelId) ?? 0n) + r.cost);

    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` },
      viewport: { width: 1280, height: 1700 },
    });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`${base}/ui`);
      await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });

      // The totals card shows the ledger's exact spend.
      const spendCard = await page.textContent('[data-metric="Spend"] .value');
      expect(spendCard).toBe(`$${toDecimalString(total)}`);

      // The stacked spend chart: one dataset per model, their bars adding up to each model's spend.
      const chart = await page.evaluate(() => {
        const { charts } = (
          window as unknown as { tokenwiseDashboard: { charts: { spend: { data: unknown } } } }
        ).tokenwiseDashboard;
        return charts.spend.data as { labels: string[]; datasets: { label: string; data: number[] }[] };
      });
      const charted = new Map(chart.datasets.map((d) => [d.label, d.data.reduce((a, b) => a + b, 0)]));
      expect([...charted.keys()].sort()).toEqual([...byModel.keys()].sort());
      for (const [modelId, cost] of byModel) {
        expect(charted.get(modelId)).toBeCloseTo(Number(toDecimalString(cost)), 12);
      }
      const pixels = await page.$eval('#spend-chart', (canvas) => (canvas as HTMLCanvasElement).width);
      expect(pixels).toBeGreaterThan(100);

      // The routing table: every request with its attempts; the failed-over one shows both hops.
      const rows = await page.$$eval('#top-requests tbody tr', (trs) =>
        trs.map((tr) => ({
          id: tr.querySelector('code')?.textContent ?? '',
          hops: [...tr.querySelectorAll('.hop.attempt')].map((hop) => hop.textContent ?? ''),
          used: tr.querySelector('.used')?.textContent ?? '',
          failed: tr.querySelectorAll('.hop.failed').length,
        })),
      );
      expect(rows.map((r) => r.id).sort()).toEqual(requests.map((r) => r.requestId!).sort());
      const failover = rows.find((r) => r.hops.length === 2)!;
      expect(failover).toMatchObject({ used: SONNET, failed: 1 });
      expect(failover.hops[0]).toContain(HAIKU);
      expect(failover.hops[1]).toContain(SONNET);
      for (const row of rows) {
        const own = attempts.filter((a) => a.requestId === row.id);
        expect(row.hops).toHaveLength(own.length);
        for (const [i, a] of own.entries()) expect(row.hops[i]).toContain(`$${toDecimalString(a.cost)}`);
      }
      expect(await page.textContent('#by-model')).toContain(HAIKU);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('asks a browser for the admin key (HTTP Basic) and then loads the data with it', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const context = await browser.newContext({ httpCredentials: { username: 'admin', password: ADMIN } });
      const page = await context.newPage();
      await page.goto(`${base}/ui`);
      await page.waitForSelector('body[data-loaded="true"]', { timeout: 15_000 });
      const total = (store.records as CallRecord[])
        .filter((r) => r.kind === 'attempt')
        .reduce((sum, r) => sum + r.cost, 0n);
      expect(await page.textContent('[data-metric="Spend"] .value')).toBe(`$${toDecimalString(total)}`);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
