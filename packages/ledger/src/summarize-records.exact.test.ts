import type { CallRecord, TaskRecord } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import {
  createSummaryAccumulator,
  type FastEntries,
  summarizeRecords,
  UNATTRIBUTED,
} from './summarize-records.js';

// The summary's counts and exact sums at their edges: the number path (what file stores feed) must stay exact past
// 2^53, and both paths must count tasks, failures and tokens per slice.
const MAX = Number.MAX_SAFE_INTEGER;
const STAMP = '2026-03-01T08:00:00.000Z';

function call(extra: Partial<CallRecord> = {}): CallRecord {
  return {
    kind: 'attempt',
    timestamp: STAMP,
    source: 'proxy',
    reason: 'r',
    modelId: 'a/m',
    inputTokens: 10,
    outputTokens: 2,
    cost: 5n,
    success: true,
    ...extra,
  };
}

function task(success: boolean): TaskRecord {
  return {
    kind: 'task',
    timestamp: STAMP,
    task: 't',
    success,
    totalCost: 7n,
    plannerCost: 0n,
    wastedCost: 0n,
    entries: [{ reason: 'step', modelId: 'a/m', inputTokens: 3, outputTokens: 4, cost: 7n, success }],
  };
}

function entries(costs: number[]): FastEntries {
  return {
    length: costs.length,
    modelIds: costs.map(() => 'a/m'),
    costs,
    successes: costs.map(() => true),
    inputTokens: costs.map(() => 1),
    outputTokens: costs.map(() => 1),
  };
}

describe('summary counts', () => {
  it('puts a record without a readable time, first or not, on the day "unknown"', async () => {
    const summary = await summarizeRecords([call({ timestamp: '' }), call(), call({ timestamp: '' })]);
    expect(Object.keys(summary.byDay)).toEqual(['unknown', '2026-03-01']);
    expect(summary.byDay.unknown?.calls).toBe(2);
  });

  it('counts a failed task as failed, not succeeded, on both paths', async () => {
    const summary = await summarizeRecords([task(false), task(true), task(false)]);
    expect(summary).toMatchObject({ numTasks: 3, numSucceeded: 1, numFailed: 2 });
    const fast = createSummaryAccumulator();
    fast.addTask(STAMP, 'cli', false, 7, 0, 0, entries([7]));
    expect(fast.result()).toMatchObject({ numTasks: 1, numSucceeded: 0, numFailed: 1 });
  });

  it('adds up input and output tokens per model, day and source', async () => {
    const summary = await summarizeRecords([call(), call({ inputTokens: 5, outputTokens: 1 }), task(true)]);
    for (const slices of [summary.byModel, summary.byDay, summary.bySource]) {
      const totals = Object.values(slices).reduce(
        (sum, slice) => [sum[0]! + slice.inputTokens, sum[1]! + slice.outputTokens],
        [0, 0],
      );
      expect(totals).toEqual([18, 7]);
    }
    expect(summary.byModel['a/m']).toMatchObject({ inputTokens: 18, outputTokens: 7, calls: 3 });
  });
});

describe('exact sums on the number path', () => {
  it('stays exact when call costs add up past 2^53, either sign', () => {
    const accumulator = createSummaryAccumulator();
    for (const cost of [MAX, MAX, 1, -MAX, -MAX, -MAX, -3]) {
      accumulator.addCall('attempt', STAMP, 'proxy', 'a/m', cost, true, 0, 0);
    }
    const expected = 2n * BigInt(MAX) + 1n - 3n * BigInt(MAX) - 3n;
    const summary = accumulator.result();
    expect(summary.totalSpend).toBe(expected);
    expect(summary.byModel['a/m']?.spend).toBe(expected);
    expect(summary.bySource.proxy?.spend).toBe(expected);
  });

  it('a task whose entries pass 2^53 and account for all of it has no unattributed spend', () => {
    const accumulator = createSummaryAccumulator();
    // Exactly covered totals, once below 2^53 and once with entries that pass it on the way (a bigint sum).
    accumulator.addTask(STAMP, 'cli', true, MAX, 0, 0, entries([MAX - 10, 10]));
    accumulator.addTask(STAMP, 'cli', true, MAX - 1, 0, 0, entries([MAX, 1, -2]));
    expect(Object.keys(accumulator.result().byModel)).toEqual(['a/m']);
  });

  it('attributes the exact rest when entries pass 2^53 and the total differs', () => {
    const accumulator = createSummaryAccumulator();
    accumulator.addTask(STAMP, 'cli', true, 5, 0, 0, entries([MAX, MAX]));
    const summary = accumulator.result();
    expect(summary.byModel[UNATTRIBUTED]?.spend).toBe(5n - 2n * BigInt(MAX));
    expect(summary.totalSpend).toBe(5n);
  });

  it('attributes the exact rest when the difference alone leaves the safe range', () => {
    const accumulator = createSummaryAccumulator();
    const total = -1e15;
    accumulator.addTask(STAMP, 'cli', true, total, 0, 0, entries([MAX]));
    expect(accumulator.result().byModel[UNATTRIBUTED]?.spend).toBe(BigInt(total) - BigInt(MAX));
  });
});
