// Shared by the aggregate tests: a small proxy-shaped ledger with keys, teams, a failover and a task.
import type { CallRecord, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';

export function attempt(
  requestId: string,
  at: string,
  modelId: string,
  cost: string,
  extra: Partial<CallRecord> = {},
) {
  return {
    kind: 'attempt',
    timestamp: at,
    source: 'proxy',
    requestId,
    reason: 'proxy request attempt 1',
    modelId,
    inputTokens: 100,
    outputTokens: 20,
    cost: usd(cost),
    success: true,
    outcome: 'ok',
    ...extra,
  } satisfies CallRecord;
}

export function request(
  requestId: string,
  at: string,
  modelId: string,
  cost: string,
  extra: Partial<CallRecord> = {},
) {
  return {
    kind: 'request',
    timestamp: at,
    source: 'proxy',
    requestId,
    reason: 'proxy request',
    modelId,
    inputTokens: 100,
    outputTokens: 20,
    cost: usd(cost),
    success: true,
    outcome: 'ok',
    modelsTried: [modelId],
    ...extra,
  } satisfies CallRecord;
}

/** A task of two entries whose total also carries planner spend (unattributed). */
export function task(at: string): TaskRecord {
  return {
    kind: 'task',
    timestamp: at,
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
        modelId: 'anthropic/claude-sonnet-4.5',
        inputTokens: 10,
        outputTokens: 5,
        cost: usd('0.006'),
        success: true,
      },
    ],
  };
}

/**
 * r1: key k1/team t1, answered by gpt-4.1-mini. r2: key k2/team t1, gpt-4.1 failed (503) then claude answered.
 * r3: key k1, refused (no attempt). Plus a task on the next day.
 */
export function sampleLedger(): LedgerRecord[] {
  const k1 = { keyId: 'k1', teamId: 't1' };
  const k2 = { keyId: 'k2', teamId: 't1' };
  return [
    attempt('r1', '2026-12-01T10:15:00.000Z', 'openai/gpt-4.1-mini', '0.0012', {
      ...k1,
      attempt: 1,
      attemptKind: 'first',
      status: 200,
    }),
    request('r1', '2026-12-01T10:15:00.000Z', 'openai/gpt-4.1-mini', '0.0012', {
      ...k1,
      modelAsked: 'auto',
      strategy: 'balanced',
      status: 200,
    }),
    attempt('r2', '2026-12-01T11:05:00.000Z', 'openai/gpt-4.1', '0', {
      ...k2,
      attempt: 1,
      attemptKind: 'first',
      success: false,
      outcome: 'error',
      status: 503,
      inputTokens: 0,
      outputTokens: 0,
    }),
    attempt('r2', '2026-12-01T11:05:01.000Z', 'anthropic/claude-sonnet-4.5', '0.0213', {
      ...k2,
      attempt: 2,
      attemptKind: 'failover',
      status: 200,
    }),
    request('r2', '2026-12-01T11:05:00.000Z', 'anthropic/claude-sonnet-4.5', '0.0213', {
      ...k2,
      modelAsked: 'openai/gpt-4.1',
      modelsTried: ['openai/gpt-4.1', 'anthropic/claude-sonnet-4.5'],
      status: 200,
    }),
    request('r3', '2026-12-01T11:30:00.000Z', 'none', '0', {
      ...k1,
      modelsTried: [],
      success: false,
      outcome: 'refused',
      status: 402,
      errorCode: 'budget_exceeded',
    }),
    task('2026-12-02T08:00:00.000Z'),
  ];
}
