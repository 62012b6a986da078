import { readFileSync } from 'node:fs';
import type { CallRecord, TaskRecord, TaskRoutingTrace } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { decodeLedgerRecord } from './ledger-record-schema.js';
import { serializeLedgerRecord } from './serialize-ledger-record.js';

const pythonLines = readFileSync(new URL('./__fixtures__/python-ledger.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n');

const task: TaskRecord = {
  kind: 'task',
  timestamp: '2026-03-01T10:00:00.000000+00:00',
  source: 'cli',
  taskId: 't-1',
  task: 'Plan a trip',
  budget: usd('0.5'),
  success: true,
  totalCost: usd('0.000000123457'),
  plannerCost: 0n,
  wastedCost: 0n,
  entries: [
    {
      reason: 'step 1 attempt 1',
      modelId: 'openai/gpt-4o-mini',
      providerId: 'openai',
      inputTokens: 1000,
      outputTokens: 20,
      cachedInputTokens: 800,
      reasoningTokens: 5,
      cost: usd('0.000000123457'),
      estimatedCost: usd('0.0000002'),
      success: true,
      latencyMs: 812,
    },
  ],
};

const attempt: CallRecord = {
  kind: 'attempt',
  timestamp: '2026-03-01T10:00:01.000Z',
  source: 'proxy',
  requestId: 'req-9',
  reason: 'proxy request',
  modelId: 'anthropic/claude-3.5-haiku',
  providerId: 'anthropic',
  inputTokens: 50,
  outputTokens: 0,
  cost: usd('0.00004'),
  success: false,
  errorClass: 'TokenwiseApiCallError',
  errorMessage: 'HTTP 529 overloaded',
  attempt: 1,
  budget: usd('0.01'),
};

describe('ledger lines', () => {
  it('round-trips task and attempt records exactly', () => {
    for (const record of [task, attempt]) {
      expect(decodeLedgerRecord(JSON.parse(serializeLedgerRecord(record)))).toEqual(record);
    }
  });

  it('round-trips the engine and door fields of call records, exactly and in snake_case', () => {
    const record: CallRecord = {
      kind: 'attempt',
      timestamp: '2026-12-05T08:00:00.000Z',
      source: 'proxy',
      requestId: 'r1',
      reason: 'proxy request attempt 2',
      modelId: 'openai/gpt-4.1-mini',
      inputTokens: 12,
      outputTokens: 40,
      cost: usd('0.000123456789'),
      success: false,
      attempt: 2,
      outcome: 'cut',
      door: 'messages',
      keyId: 'k_1',
      teamId: 't_1',
      strategy: 'cheapest',
      modelAsked: 'auto',
      status: 200,
      errorCode: 'output_limit',
      attemptKind: 'failover',
      called: true,
      costSource: 'worst-case',
      finishReason: 'length',
      reserved: usd('0.0001'),
      overrun: usd('0.000023456789'),
    };
    const line = serializeLedgerRecord(record);
    expect(JSON.parse(line)).toMatchObject({
      key_id: 'k_1',
      attempt_kind: 'failover',
      overrun_usd: '0.000023456789',
    });
    expect(decodeLedgerRecord(JSON.parse(line))).toMatchObject(record);
    expect(decodeLedgerRecord({ ...JSON.parse(line), outcome: 'exploded' })).toBeUndefined();
    // An attempt a sweeper settled at its worst case after its lease lapsed.
    const swept = serializeLedgerRecord({ ...record, leaseExpired: true });
    expect(JSON.parse(swept)).toMatchObject({ lease_expired: true });
    expect(decodeLedgerRecord(JSON.parse(swept))).toMatchObject({ leaseExpired: true });
    expect(decodeLedgerRecord({ ...JSON.parse(swept), lease_expired: 'yes' })).toBeUndefined();
  });

  it("writes task records with the original's keys first, and amounts both as numbers and exact strings", () => {
    const json = JSON.parse(serializeLedgerRecord(task));
    expect(Object.keys(json).slice(0, 8)).toEqual([
      'timestamp',
      'task',
      'budget',
      'success',
      'total_cost',
      'planner_cost',
      'wasted_cost',
      'entries',
    ]);
    expect(Object.keys(json.entries[0]).slice(0, 6)).toEqual([
      'reason',
      'model_id',
      'input_tokens',
      'output_tokens',
      'cost',
      'success',
    ]);
    expect(json.total_cost).toBe(1.23457e-7);
    expect(json.total_cost_usd).toBe('0.000000123457');
  });

  it('writes the routing trace as the original dumps it, then exact amounts; reads our older camelCase traces', () => {
    const routingTrace: TaskRoutingTrace = {
      requestId: 'a1b2c3d4e5f6',
      initialModel: 'm/cheap',
      initialTier: 'budget',
      escalationPolicy: 'monotonic',
      escalations: [
        {
          fromModel: 'm/cheap',
          fromTier: 'budget',
          toModel: 'm/big',
          toTier: 'flagship',
          reasonCode: 'model_error',
          stepId: 1,
          triggerScore: null,
          thresholdValue: null,
          reason: 'rate_limited',
          detail: 'HTTP 429 for key sk-ant-api03-SECRETSECRETSECRET',
        },
      ],
      finalModel: 'm/big',
      finalTier: 'flagship',
      terminationState: 'completed',
      budgetUsed: usd('0.025'),
      budgetRemaining: usd('0.475'),
      traceLevel: 'verbose',
    };
    const line = serializeLedgerRecord({ ...task, routingTrace });
    expect(line).not.toContain('SECRET');
    expect(line).toContain(
      '"routing_trace": {"request_id": "a1b2c3d4e5f6", "initial_model": "m/cheap", "initial_tier": "budget", ' +
        '"escalation_policy": "monotonic", "escalations": [{"from_model": "m/cheap", "from_tier": "budget", ' +
        '"to_model": "m/big", "to_tier": "flagship", "reason_code": "model_error", "step_id": 1, ' +
        '"trigger_score": null, "threshold_value": null, "reason": "rate_limited", "detail": "HTTP 429 for key [REDACTED]"}], ' +
        '"final_model": "m/big", "final_tier": "flagship", "termination_state": "completed", "budget_used": 0.025, ' +
        '"budget_remaining": 0.475, "trace_level": "verbose", "budget_used_usd": "0.025", "budget_remaining_usd": "0.475"}',
    );
    const decoded = decodeLedgerRecord(JSON.parse(line)) as TaskRecord;
    expect(decoded.routingTrace).toEqual({
      ...routingTrace,
      escalations: [{ ...routingTrace.escalations[0], detail: 'HTTP 429 for key [REDACTED]' }],
    });
    // What this package wrote before: camelCase keys, money as decimal strings, our own reason only.
    const older = decodeLedgerRecord({
      ...JSON.parse(serializeLedgerRecord(task)),
      routing_trace: {
        requestId: 'a1b2c3d4e5f6',
        initialModel: 'm/cheap',
        initialTier: 'budget',
        finalModel: 'm/big',
        escalations: [
          {
            stepId: 2,
            fromModel: 'm/cheap',
            fromTier: 'budget',
            toModel: 'm/big',
            toTier: 'mid',
            reason: 'truncated',
            detail: 'cut',
          },
        ],
        escalationPolicy: 'flexible',
        terminationState: 'failed',
        budgetUsed: '0.01',
        budgetRemaining: '0.49',
      },
    }) as TaskRecord;
    expect(older.routingTrace).toEqual({
      requestId: 'a1b2c3d4e5f6',
      initialModel: 'm/cheap',
      initialTier: 'budget',
      escalationPolicy: 'flexible',
      escalations: [
        {
          fromModel: 'm/cheap',
          fromTier: 'budget',
          toModel: 'm/big',
          toTier: 'mid',
          reasonCode: 'model_error',
          stepId: 2,
          triggerScore: null,
          thresholdValue: null,
          reason: 'truncated',
          detail: 'cut',
        },
      ],
      finalModel: 'm/big',
      finalTier: 'budget',
      terminationState: 'failed',
      budgetUsed: usd('0.01'),
      budgetRemaining: usd('0.49'),
      traceLevel: 'basic',
    });
  });

  it('redacts error messages on write even when the caller did not', () => {
    const line = serializeLedgerRecord({
      ...attempt,
      errorMessage: 'bad key sk-ant-api03-SECRETSECRETSECRET',
    });
    expect(line).not.toContain('SECRET');
    expect(JSON.parse(line).error_message).toBe('bad key [REDACTED]');
  });

  it('reads records written by the Python TokenWise as tasks, float noise removed', () => {
    const first = decodeLedgerRecord(JSON.parse(pythonLines[0]!)) as TaskRecord;
    expect(first).toMatchObject({ kind: 'task', task: 'Write a haiku about budgets', success: true });
    expect(first.totalCost).toBe(usd('0.011'));
    expect(first.budget).toBe(usd(1));
    expect(first.entries[0]).toMatchObject({
      modelId: 'openai/gpt-4o-mini',
      inputTokens: 120,
      cost: usd('0.01'),
    });
    const second = decodeLedgerRecord(JSON.parse(pythonLines[1]!)) as TaskRecord;
    expect(second.wastedCost).toBe(usd('0.005'));
    expect(second.entries[0]!.success).toBe(false);
    expect(second.routingTrace).toMatchObject({
      requestId: 'a1b2c3d4e5f6',
      finalModel: 'openai/gpt-4o',
      budgetUsed: usd('0.025'),
      escalations: [{ reasonCode: 'model_error', stepId: 1, toTier: 'flagship' }],
    });
  });

  it('prefers the exact decimal over the float', () => {
    const record = decodeLedgerRecord({
      kind: 'attempt',
      cost: 0.1,
      cost_usd: '0.100000000001',
      model_id: 'm',
    });
    expect(record).toMatchObject({ cost: 100_000_000_001n, source: 'library' });
  });

  it('defaults missing fields like the original and ignores unknown ones', () => {
    const record = decodeLedgerRecord({
      task: 'bare',
      future_field: { x: 1 },
      entries: [{ reason: 'r', model_id: 'm' }],
    });
    expect(record).toMatchObject({
      kind: 'task',
      task: 'bare',
      success: false,
      totalCost: 0n,
      timestamp: '',
    });
    expect((record as TaskRecord).entries[0]).toMatchObject({ success: true, cost: 0n, inputTokens: 0 });
    expect(record).not.toHaveProperty('future_field');
  });

  it('takes the slow schema path for unusual but valid values', () => {
    // An exact amount with more than 12 decimals (rounded) and a truthy non-boolean success.
    const record = decodeLedgerRecord({ task: 't', success: 1, total_cost_usd: '0.0000000000015' });
    expect(record).toMatchObject({ success: true, totalCost: 2n });
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', 'x'],
    ['null', null],
    ['an unknown kind', { kind: 'mystery' }],
    ['negative tokens', { kind: 'attempt', input_tokens: -1 }],
    ['a text cost', { task: 't', total_cost: '0.1' }],
    ['a bad exact amount', { task: 't', total_cost_usd: 'ten' }],
    ['entries that are not a list', { task: 't', entries: { a: 1 } }],
  ])('rejects %s', (_name, json) => {
    expect(decodeLedgerRecord(json)).toBeUndefined();
  });
});
