import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLedgerStore } from '@tokenwise/ledger';
import type { CallRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '../__fixtures__/create-test-deps.js';

function call(
  kind: 'attempt' | 'request',
  at: string,
  modelId: string,
  cost: string,
  extra: Partial<CallRecord> = {},
): CallRecord {
  return {
    kind,
    timestamp: at,
    source: 'proxy',
    requestId: at,
    reason: 'proxy request',
    modelId,
    inputTokens: 10,
    outputTokens: 5,
    cost: usd(cost),
    success: true,
    outcome: 'ok',
    ...extra,
  };
}

function store() {
  const k1 = { keyId: 'k1', teamId: 'red' };
  const k2 = { keyId: 'k2', teamId: 'blue' };
  return createMemoryLedgerStore([
    call('attempt', '2026-11-30T09:00:00Z', 'test/cheap', '0.001', k1),
    call('request', '2026-11-30T09:00:00Z', 'test/cheap', '0.001', k1),
    call('attempt', '2026-12-01T10:00:00Z', 'test/mid', '0.02', k2),
    call('request', '2026-12-01T10:00:00Z', 'test/mid', '0.02', k2),
    call('attempt', '2026-12-02T11:00:00Z', 'test/cheap', '0.000000123456', k1),
    call('request', '2026-12-02T11:00:00Z', 'test/cheap', '0.000000123456', {
      ...k1,
      success: false,
      outcome: 'error',
    }),
  ]);
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('tokenwise ledger --summary --since/--until/--by/--chart', () => {
  it('groups a range by model by default, exactly, as tab-separated lines when piped', async () => {
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--summary', '--since', '2026-12-01', '--until', '2026-12-03')).toBe(0);
    expect(t.stdout().trim().split('\n')).toEqual([
      'Model\tSpend\tRequests\tFailed\tAttempts\tTokens in\tTokens out',
      'test/mid\t$0.0200\t1\t0\t1\t10\t5',
      'test/cheap\t$0.00000012\t1\t1\t1\t10\t5',
    ]);
  });

  it('groups by key, team or day, and prints exact JSON', async () => {
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--by', 'team', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.totals.spend).toBe('0.021000123456');
    expect(json.rows).toEqual([
      expect.objectContaining({ team: 'blue', spend: '0.02', requests: 1 }),
      expect.objectContaining({ team: 'red', spend: '0.001000123456', requests: 2, failedRequests: 1 }),
    ]);
    const days = createTestDeps({ ledger: store() });
    expect(await days.run('ledger', '--summary', '--by', 'day', '--json')).toBe(0);
    expect(
      JSON.parse(days.stdout()).rows.map((r: { day: string; spend: string }) => [r.day, r.spend]),
    ).toEqual([
      ['2026-11-30', '0.001'],
      ['2026-12-01', '0.02'],
      ['2026-12-02', '0.000000123456'],
    ]);
    const keys = createTestDeps({ ledger: store(), tty: true });
    expect(await keys.run('ledger', '--summary', '--by', 'key')).toBe(0);
    expect(keys.stdout()).toContain('3 requests (1 failed, 0 failed over)');
    expect(keys.stdout()).toMatch(/k2\s+\$0\.0200/);
  });

  it('writes spend over time stacked by model as an SVG', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-chart-'));
    const path = join(dir, 'spend.svg');
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--summary', '--chart', path)).toBe(0);
    const svg = readFileSync(path, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(
      svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#[0-9a-f]{6}"><title>/g),
    ).toHaveLength(3);
    expect(svg).toContain('<title>2026-12-01 test/mid: $0.02</title>');
    expect(svg).toContain('>test/cheap</text>');
    expect(t.stderr()).toContain(`Wrote the spend chart to ${path}`);
  });

  it('rejects bad flags with one line and the usage exit code', async () => {
    for (const [flags, message] of [
      [['--since', 'yesterday'], /--since must be an ISO 8601 time/],
      [['--since', '2026-12-02', '--until', '2026-12-01'], /--until must be after --since/],
      [['--by', 'week'], /--by must be one of model, key, team, day/],
      [['--chart', 'spend.png'], /--chart must name an \.svg file/],
    ] as const) {
      const t = createTestDeps({ ledger: store() });
      expect(await t.run('ledger', '--summary', ...flags)).toBe(2);
      expect(t.stderr()).toMatch(message);
    }
  });

  it('accepts durations before now', async () => {
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--summary', '--since', '7d', '--json')).toBe(0);
    expect(JSON.parse(t.stdout()).since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});

describe('tokenwise ledger --key/--team', () => {
  it('filters the summary by key or team, per model', async () => {
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--summary', '--key', 'k1', '--json')).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.key).toBe('k1');
    expect(json.totals.spend).toBe('0.001000123456');
    expect(json.rows).toEqual([expect.objectContaining({ model: 'test/cheap', requests: 2 })]);
    const team = createTestDeps({ ledger: store() });
    expect(await team.run('ledger', '--summary', '--team', 'blue', '--by', 'key', '--json')).toBe(0);
    expect(JSON.parse(team.stdout()).rows).toEqual([expect.objectContaining({ key: 'k2', spend: '0.02' })]);
  });

  it('lists and exports only the records of a key or team, the last -n of them', async () => {
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--key', 'k1', '-n', '3', '--json')).toBe(0);
    const rows = JSON.parse(t.stdout()) as Array<{ key_id?: string; timestamp: string }>;
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => JSON.stringify(row).includes('"k1"'))).toBe(true);
    const exported = createTestDeps({ ledger: store() });
    expect(await exported.run('ledger', '--export', '--team', 'blue')).toBe(0);
    const lines = exported.stdout().trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('"blue"');
    const none = createTestDeps({ ledger: store() });
    expect(await none.run('ledger', '--key', 'nobody')).toBe(0);
    expect(none.stdout()).toContain('No ledger entries found');
  });

  it('breaks the plain summary down per key, and refuses an empty id', async () => {
    const t = createTestDeps({ ledger: store() });
    expect(await t.run('ledger', '--summary')).toBe(0);
    expect(t.stdout()).toContain('Top keys by spend');
    expect(t.stdout()).toMatch(/\$0\.0200\s+k2 \(1 requests\)/);
    const json = createTestDeps({ ledger: store() });
    expect(await json.run('ledger', '--summary', '--json')).toBe(0);
    expect(JSON.parse(json.stdout()).byKey).toEqual({ k2: '0.02', k1: '0.001000123456' });
    const bad = createTestDeps({ ledger: store() });
    expect(await bad.run('ledger', '--key', ' ')).toBe(2);
    expect(bad.stderr()).toMatch(/--key needs an id/);
  });
});
