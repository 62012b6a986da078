import type { LedgerRecord } from '@tokenwise/spec';
import { InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { summarizeRecords, UNATTRIBUTED } from '../summarize-records.js';
import { attempt, request, sampleLedger } from './aggregate-fixtures.js';
import { aggregateRecords } from './aggregate-records.js';
import { createAggregateIndex, NO_SCOPE } from './create-aggregate-index.js';

function indexOf(records: LedgerRecord[]) {
  const index = createAggregateIndex();
  for (const record of records) index.add(record);
  return index;
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

describe('createAggregateIndex', () => {
  it('totals equal the ledger summary, and every breakdown adds up to them exactly', async () => {
    const records = sampleLedger();
    const result = indexOf(records).query();
    const summary = await summarizeRecords(records);
    expect(result.totals.spend).toBe(summary.totalSpend);
    expect(result.totals.spend).toBe(usd('0.0012') + usd('0.0213') + usd('0.0105'));
    expect(result.totals.requests).toBe(summary.numRequests);
    expect(result.totals.attempts).toBe(summary.numCalls);
    for (const breakdown of [result.byModel, result.byKey, result.byTeam]) {
      expect(sum(Object.values(breakdown).map((s) => s.spend))).toBe(result.totals.spend);
    }
    expect(sum(result.series.map((p) => p.spend))).toBe(result.totals.spend);
    for (const point of result.series) expect(sum(Object.values(point.byModel))).toBe(point.spend);
    expect(result.byModel[UNATTRIBUTED]?.spend).toBe(usd('0.0005'));
    expect(result.records).toBe(7);
  });

  it('breaks spend and requests down by key and team, with (none) for records without them', () => {
    const result = indexOf(sampleLedger()).query();
    expect(result.byKey.k1).toMatchObject({
      spend: usd('0.0012'),
      requests: 2,
      failedRequests: 1,
      failoverRequests: 0,
    });
    expect(result.byKey.k2).toMatchObject({
      spend: usd('0.0213'),
      requests: 1,
      failoverRequests: 1,
      attempts: 2,
      failedAttempts: 1,
    });
    expect(result.byKey[NO_SCOPE]?.spend).toBe(usd('0.0105'));
    expect(result.byTeam.t1?.spend).toBe(usd('0.0225'));
    expect(Object.keys(result.byKey)).toEqual(['k2', NO_SCOPE, 'k1']); // by spend, highest first
    expect(result.totals).toMatchObject({ requests: 3, failedRequests: 1, failoverRequests: 1 });
  });

  it('builds hourly or daily series stacked by model, with request and failure counts', () => {
    const index = indexOf(sampleLedger());
    const hourly = index.query({ bucket: 'hour' });
    expect(hourly.series.map((p) => p.start)).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T11:00:00.000Z',
      '2026-12-02T08:00:00.000Z',
    ]);
    expect(hourly.series[1]).toMatchObject({
      spend: usd('0.0213'),
      byModel: { 'openai/gpt-4.1': 0n, 'anthropic/claude-sonnet-4.5': usd('0.0213') },
      requests: 2,
      failedRequests: 1,
      failoverRequests: 1,
    });
    const daily = index.query({ bucket: 'day' });
    expect(daily.series.map((p) => [p.start, p.spend])).toEqual([
      ['2026-12-01T00:00:00.000Z', usd('0.0225')],
      ['2026-12-02T00:00:00.000Z', usd('0.0105')],
    ]);
  });

  it('filters by time range (since inclusive, until exclusive), key, team and model', () => {
    const index = indexOf(sampleLedger());
    expect(
      index.query({ since: '2026-12-01T11:00:00Z', until: '2026-12-02T00:00:00Z' }).totals,
    ).toMatchObject({
      spend: usd('0.0213'),
      requests: 2,
    });
    expect(index.query({ until: '2026-12-01T10:15:00Z' }).records).toBe(0);
    expect(index.query({ keyId: 'k1' }).totals).toMatchObject({ spend: usd('0.0012'), requests: 2 });
    expect(index.query({ teamId: 't1' }).totals.spend).toBe(usd('0.0225'));
    expect(index.query({ keyId: 'nobody' }).totals).toMatchObject({ spend: 0n, requests: 0 });
    const claude = index.query({ modelId: 'anthropic/claude-sonnet-4.5' });
    expect(claude.totals).toMatchObject({ spend: usd('0.0273'), requests: 1, attempts: 2 });
    expect(Object.keys(claude.byModel)).toEqual(['anthropic/claude-sonnet-4.5']);
  });

  it('returns the most expensive requests with their routing traces', () => {
    const { topRequests } = indexOf(sampleLedger()).query({ top: 2 });
    expect(topRequests.map((r) => r.requestId)).toEqual(['r2', 'r1']);
    expect(topRequests[0]).toEqual({
      requestId: 'r2',
      timestamp: '2026-12-01T11:05:00.000Z',
      modelAsked: 'openai/gpt-4.1',
      modelUsed: 'anthropic/claude-sonnet-4.5',
      keyId: 'k2',
      teamId: 't1',
      status: 200,
      outcome: 'ok',
      cost: usd('0.0213'),
      modelsTried: ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5'],
      attempts: [
        {
          modelId: 'openai/gpt-4.1',
          attempt: 1,
          attemptKind: 'first',
          outcome: 'error',
          status: 503,
          cost: 0n,
        },
        {
          modelId: 'anthropic/claude-sonnet-4.5',
          attempt: 2,
          attemptKind: 'failover',
          outcome: 'ok',
          status: 200,
          cost: usd('0.0213'),
        },
      ],
    });
    expect(topRequests[1]).toMatchObject({
      modelAsked: 'auto',
      strategy: 'balanced',
      attempts: [{ modelId: 'openai/gpt-4.1-mini' }],
    });
    expect(indexOf(sampleLedger()).query({ top: 0 }).topRequests).toEqual([]);
  });

  it('keeps the top list right with many requests in any order, and old records without outcome', () => {
    const records: LedgerRecord[] = [];
    const costs = [5, 1, 9, 3, 7, 2, 8, 6, 4, 0];
    costs.forEach((cents, i) => {
      const { outcome: _outcome, ...old } = request(`q${i}`, '2026-12-01T00:00:00Z', 'm', `0.0${cents}`, {
        success: i !== 2,
      });
      records.push(old);
    });
    const result = indexOf(records).query({ top: 3 });
    expect(result.topRequests.map((r) => [r.requestId, r.outcome])).toEqual([
      ['q2', 'error'],
      ['q6', 'ok'],
      ['q4', 'ok'],
    ]);
    expect(result.totals.failedRequests).toBe(1);
  });

  it('stays exact beyond 2^53 pico-dollars (about 9,007 USD) per record and in total', () => {
    const records = [
      attempt('a', '2026-12-01T00:00:00Z', 'm', '12345.678901234567'),
      ...Array.from({ length: 2000 }, (_, i) =>
        attempt(`b${i}`, '2026-12-01T01:00:00Z', 'm', '9.999999999999'),
      ),
      request('a', '2026-12-01T00:00:00Z', 'm', '12345.678901234567'),
    ];
    const result = indexOf(records).query();
    const expected = usd('12345.678901234567') + 2000n * usd('9.999999999999');
    expect(result.totals.spend).toBe(expected);
    expect(result.byModel.m?.spend).toBe(expected);
    expect(result.topRequests[0]?.cost).toBe(usd('12345.678901234567'));
  });

  it('counts a retry on the same model as no failover', () => {
    const retried = request('q', '2026-12-01T00:00:00Z', 'm', '0.01', { modelsTried: ['m', 'm'] });
    const moved = request('p', '2026-12-01T00:00:00Z', 'n', '0.01', { modelsTried: ['m', 'm', 'n'] });
    expect(indexOf([retried, moved]).query().totals.failoverRequests).toBe(1);
  });

  it('links attempts to their request by id only (a different id with the same model is not linked)', () => {
    const records = [
      attempt('x-1', '2026-12-01T00:00:00Z', 'm', '0.01'),
      attempt('x-2', '2026-12-01T00:00:00Z', 'm', '0.02'),
      request('x-1', '2026-12-01T00:00:00Z', 'm', '0.01'),
    ];
    const [traced] = indexOf(records).query().topRequests;
    expect(traced?.attempts.map((a) => a.cost)).toEqual([usd('0.01')]);
  });

  it('rejects bad queries with one clear error', () => {
    const index = indexOf([]);
    expect(() => index.query({ since: 'yesterday' })).toThrow(InvalidArgumentError);
    expect(() => index.query({ since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' })).toThrow(
      /before/,
    );
    expect(() => index.query({ bucket: 'week' as 'day' })).toThrow(/hour or day/);
    expect(() => index.query({ top: 101 })).toThrow(/0 to 100/);
    expect(index.query()).toMatchObject({ records: 0, series: [], topRequests: [], totals: { spend: 0n } });
  });
});

describe('aggregateRecords', () => {
  it('gives the same answer as the index, from any iterable', async () => {
    const records = sampleLedger();
    const query = { since: '2026-12-01T11:00:00Z', until: '2026-12-03T00:00:00Z', bucket: 'hour' as const };
    expect(await aggregateRecords(records, query)).toEqual(indexOf(records).query(query));
    async function* stream() {
      yield* records;
    }
    expect(await aggregateRecords(stream())).toEqual(indexOf(records).query());
  });
});
