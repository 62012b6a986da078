import { summarizeRecords } from '@tokenwise/ledger';
import type { CallRecord, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createPrometheusMetrics } from './create-prometheus-metrics.js';

function call(
  kind: 'attempt' | 'request',
  id: string,
  modelId: string,
  cost: string,
  extra: Partial<CallRecord> = {},
): CallRecord {
  return {
    kind,
    timestamp: '2026-12-01T10:00:00.000Z',
    source: 'proxy',
    requestId: id,
    reason: 'proxy request',
    modelId,
    providerId: modelId.split('/')[0],
    inputTokens: 100,
    outputTokens: 20,
    cost: usd(cost),
    success: true,
    outcome: 'ok',
    latencyMs: 420,
    ...extra,
  };
}

const TASK: TaskRecord = {
  kind: 'task',
  timestamp: '2026-12-01T11:00:00.000Z',
  source: 'cli',
  task: 'Summarise',
  success: true,
  totalCost: usd('0.0105'),
  plannerCost: usd('0.0005'),
  wastedCost: 0n,
  entries: [
    {
      reason: 'step 1 attempt 1',
      modelId: 'openai/gpt-4.1-mini',
      inputTokens: 10,
      outputTokens: 5,
      cost: usd('0.004'),
      success: true,
    },
    {
      reason: 'step 2 attempt 1',
      modelId: 'openai/gpt-4.1',
      inputTokens: 10,
      outputTokens: 5,
      cost: usd('0.006'),
      success: true,
    },
  ],
};

const RECORDS: LedgerRecord[] = [
  call('attempt', 'req-secret-1', 'openai/gpt-4.1', '0', {
    success: false,
    outcome: 'error',
    status: 503,
    attemptKind: 'first',
    keyId: 'k1',
    teamId: 't1',
  }),
  call('attempt', 'req-secret-1', 'anthropic/claude-sonnet-4.5', '0.000123456789', {
    attemptKind: 'failover',
    keyId: 'k1',
    teamId: 't1',
    reserved: usd('0.002'),
    overrun: 0n,
  }),
  call('request', 'req-secret-1', 'anthropic/claude-sonnet-4.5', '0.000123456789', {
    door: 'chat',
    strategy: 'balanced',
    status: 200,
    modelsTried: ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5'],
    keyId: 'k1',
    teamId: 't1',
  }),
  call('request', 'req-secret-2', 'none', '0', {
    door: 'chat',
    status: 402,
    success: false,
    outcome: 'refused',
    errorCode: 'budget_exceeded',
    modelsTried: [],
  }),
  ...Array.from({ length: 1000 }, (_, i) =>
    call('attempt', `r${i}`, 'openai/gpt-4.1-mini', '0.000000333333'),
  ),
  TASK,
];

/** `name{labels} value` lines of one metric. */
function samples(text: string, name: string): { labels: string; value: string }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const at = line.lastIndexOf(' ');
      return { labels: line.slice(name.length, at), value: line.slice(at + 1) };
    });
}

describe('createPrometheusMetrics', () => {
  it('has a spend counter whose sum equals the ledger total for the same records, exactly', async () => {
    const metrics = createPrometheusMetrics();
    for (const record of RECORDS) metrics.onRecord(record as CallRecord | TaskRecord);
    const text = await metrics.render();
    const spend = samples(text, 'tokenwise_spend_usd_total');
    const total = spend.reduce((sum, s) => sum + usd(s.value), 0n);
    expect(total).toBe((await summarizeRecords(RECORDS)).totalSpend);
    // 0.004 from the task entry plus 1000 × 0.000000333333, printed exactly.
    expect(spend.find((s) => s.labels.includes('gpt-4.1-mini'))?.value).toBe('0.004333333');
    expect(samples(text, 'tokenwise_key_spend_usd_total')).toEqual([
      { labels: '{key="k1",team="t1"}', value: '0.000123456789' },
    ]);
  });

  it('counts requests, attempts, failovers, failures, refusals, tokens, latency and reservations', async () => {
    const metrics = createPrometheusMetrics();
    for (const record of RECORDS) metrics.onRecord(record as CallRecord | TaskRecord);
    const text = await metrics.render();
    expect(text).toContain(
      'tokenwise_requests_total{door="chat",model="anthropic/claude-sonnet-4.5",strategy="balanced",status="200",outcome="ok"} 1',
    );
    expect(text).toContain(
      'tokenwise_requests_total{door="chat",model="none",strategy="none",status="402",outcome="refused"} 1',
    );
    expect(text).toContain('tokenwise_refusals_total{reason="budget_exceeded"} 1');
    expect(text).toContain('tokenwise_failovers_total{kind="failover"} 1');
    expect(text).toContain('tokenwise_attempt_failures_total{model="openai/gpt-4.1",reason="http_503"} 1');
    expect(text).toContain('tokenwise_tokens_total{direction="input",model="openai/gpt-4.1-mini"} 100010');
    expect(text).toContain('tokenwise_tasks_total{outcome="ok"} 1');
    expect(text).toContain('tokenwise_reserved_usd_total{model="anthropic/claude-sonnet-4.5"} 0.002');
    expect(text).toContain(
      'tokenwise_upstream_latency_seconds_bucket{le="0.5",provider="openai",model="openai/gpt-4.1-mini"} 1000',
    );
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('keeps label cardinality bounded: no request ids, unknown models folded into other', async () => {
    const metrics = createPrometheusMetrics({ isKnownModel: (id) => id.startsWith('openai/'), maxModels: 3 });
    for (let i = 0; i < 50; i++) {
      metrics.onRecord(call('attempt', `req-${i}`, `vendor/random-model-${i}`, '0.01'));
      metrics.onRecord(call('attempt', `req-${i}`, `openai/model-${i}`, '0.01'));
    }
    const text = await metrics.render();
    expect(text).not.toContain('req-');
    const models = new Set(samples(text, 'tokenwise_spend_usd_total').map((s) => s.labels));
    expect(models).toEqual(
      new Set([
        '{model="other"}',
        '{model="openai/model-0"}',
        '{model="openai/model-1"}',
        '{model="openai/model-2"}',
      ]),
    );
    expect(samples(text, 'tokenwise_spend_usd_total').reduce((sum, s) => sum + usd(s.value), 0n)).toBe(
      usd('1'),
    );
  });
});
