import type { CallRecord, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createCostLedger } from './create-cost-ledger.js';
import { summarizeRecords, UNATTRIBUTED, utcDay } from './summarize-records.js';

function pythonTask(total: string, planner: string, wasted: string, success = true): TaskRecord {
  return {
    kind: 'task',
    timestamp: '2026-02-23T16:47:05.123456+00:00',
    task: 't',
    success,
    totalCost: usd(total),
    plannerCost: usd(planner),
    wastedCost: usd(wasted),
    entries: [],
  };
}

function call(kind: 'attempt' | 'request', cost: string, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    kind,
    timestamp: '2026-03-02T23:59:59.999Z',
    source: 'proxy',
    reason: 'proxy request',
    modelId: 'openai/gpt-4o-mini',
    inputTokens: 10,
    outputTokens: 2,
    cost: usd(cost),
    success: true,
    ...extra,
  };
}

describe('summarizeRecords', () => {
  it("gives the original's figures over two tasks (parity 12.2 #5)", async () => {
    const summary = await summarizeRecords([
      pythonTask(String(0.01 + 0.001), '0.001', '0.005'),
      pythonTask(String(0.025 + 0.002), '0.002', '0'),
    ]);
    expect(summary).toMatchObject({ numTasks: 2, numSucceeded: 2, numFailed: 0 });
    expect(summary.totalSpend).toBe(usd('0.01') + usd('0.001') + usd('0.025') + usd('0.002'));
    expect(summary.totalWasted).toBe(usd('0.005'));
    expect(summary.totalPlannerSpend).toBe(usd('0.003'));
  });

  it('is all zeros for no records (parity 12.2 #6)', async () => {
    const summary = await summarizeRecords([]);
    expect(summary).toMatchObject({
      numTasks: 0,
      totalSpend: 0n,
      totalWasted: 0n,
      numCalls: 0,
      numUnpricedCalls: 0,
    });
    expect(summary.byModel).toEqual({});
  });

  it('counts task entries once, attempts once, and request roll-ups only as requests', async () => {
    const ledger = createCostLedger();
    ledger.add({ reason: 'planner', modelId: 'a/planner', cost: usd('0.001') });
    ledger.add({ reason: 'step 1 attempt 1', modelId: 'a/x', cost: usd('0.004'), success: false });
    ledger.add({ reason: 'step 1 escalation attempt 1', modelId: 'a/y', cost: usd('0.01') });
    const records: LedgerRecord[] = [
      ledger.toRecord({ task: 'T', success: true, source: 'cli', timestamp: '2026-03-01T08:00:00Z' }),
      call('attempt', '0.002', { success: false, requestId: 'r1', attempt: 1 }),
      call('attempt', '0.003', { requestId: 'r1', attempt: 2, modelId: 'a/y' }),
      call('request', '0.005', { requestId: 'r1', modelsTried: ['openai/gpt-4o-mini', 'a/y'] }),
      call('request', '0', { success: false, requestId: 'r2' }),
    ];
    const summary = await summarizeRecords(records);
    expect(summary.totalSpend).toBe(usd('0.02'));
    expect(summary.totalWasted).toBe(usd('0.006'));
    expect(summary.totalPlannerSpend).toBe(usd('0.001'));
    expect(summary).toMatchObject({ numTasks: 1, numRequests: 2, numRequestsFailed: 1, numCalls: 5 });
    expect(summary.byModel['a/y']).toMatchObject({ spend: usd('0.013'), calls: 2, failedCalls: 0 });
    expect(summary.byModel['a/x']).toMatchObject({
      spend: usd('0.004'),
      wasted: usd('0.004'),
      failedCalls: 1,
    });
    expect(summary.bySource.cli!.spend).toBe(usd('0.015'));
    expect(summary.bySource.proxy!.spend).toBe(usd('0.005'));
    expect(Object.keys(summary.byDay).sort()).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('puts task spend without an entry under (unattributed) so every breakdown adds up', async () => {
    const task = { ...pythonTask('0.015', '0.005', '0'), entries: [] as TaskRecord['entries'] };
    task.entries.push({
      reason: 'step 1 attempt 1',
      modelId: 'm',
      inputTokens: 1,
      outputTokens: 1,
      cost: usd('0.01'),
      success: true,
    });
    const summary = await summarizeRecords([task, call('attempt', '0.5')]);
    expect(summary.byModel[UNATTRIBUTED]!.spend).toBe(usd('0.005'));
    for (const breakdown of [summary.byModel, summary.byDay, summary.bySource]) {
      const sum = Object.values(breakdown).reduce((total, slice) => total + slice.spend, 0n);
      expect(sum).toBe(summary.totalSpend);
    }
    expect(summary.bySource.cli).toBeDefined();
  });

  it('sums 100,000 small costs exactly', async () => {
    function* records(): Generator<LedgerRecord> {
      for (let i = 0; i < 100_000; i++) yield call('attempt', '0.000001');
    }
    const summary = await summarizeRecords(records());
    expect(summary.totalSpend).toBe(usd('0.1'));
    expect(summary.numCalls).toBe(100_000);
    let float = 0;
    for (let i = 0; i < 100_000; i++) float += 0.000001;
    expect(float).not.toBe(0.1);
  });

  it('takes async iterables too', async () => {
    async function* records() {
      yield call('attempt', '0.25');
      yield call('attempt', '0.5');
    }
    expect((await summarizeRecords(records())).totalSpend).toBe(usd('0.75'));
  });
});

describe('utcDay', () => {
  it.each([
    ['2026-02-23T16:47:05.123456+00:00', '2026-02-23'],
    ['2026-02-23T23:30:00Z', '2026-02-23'],
    ['2026-02-23T23:30:00-02:00', '2026-02-24'],
    ['', 'unknown'],
    ['yesterday', 'unknown'],
  ])('%s is %s', (timestamp, day) => {
    expect(utcDay(timestamp)).toBe(day);
  });
});

describe('byDay', () => {
  it('puts each record under utcDay(timestamp), whatever the order of stamps', async () => {
    const stamps = [
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T11:00:00.000Z',
      '2026-03-01T23:30:00-01:00',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T12:00:00-0000Z',
      '2026-03-01TZ',
      '2026-03-01T',
      '2026-03-01T23:00:00+00:00',
      '2026-03-01T23:00:00.5+02:00Z',
      '2026-03-02T00:00:00Z',
      '2026-03-01T13:00:00Z',
      'garbage Z',
      '',
      '2026-03-01T14:00:00Z',
    ];
    const summary = await summarizeRecords(
      stamps.map((timestamp) => call('attempt', '0.001', { timestamp })),
    );
    const expected: Record<string, number> = {};
    for (const stamp of stamps) expected[utcDay(stamp)] = (expected[utcDay(stamp)] ?? 0) + 1;
    expect(
      Object.fromEntries(Object.entries(summary.byDay).map(([day, slice]) => [day, slice.calls])),
    ).toEqual(expected);
  });
});
