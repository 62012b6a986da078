import {
  createCostLedger,
  decodeLedgerRecord,
  type LedgerEntry,
  serializeLedgerRecord,
  type TaskRecord,
} from '@tokenwise/ledger';
import { usd } from '@tokenwise/spec';
import { openaiError, openaiText } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createHarness, makePlan } from '../__fixtures__/planner-fixtures.js';
import type { AttemptEntry } from '../types/plan-result.js';
import { createExecutor } from './create-executor.js';
import { toTaskRecord } from './to-task-record.js';

// The planner does not depend on the ledger; these tests pin that its shapes stay assignable to the ledger's.
describe('ledger compatibility', () => {
  it('passes executor attempts straight to ledger.add and matches its totals', async () => {
    const { registry, resolve, retry, upstream } = createHarness();
    upstream.enqueue(
      openaiError(503, 'busy'),
      openaiText('ok', { usage: { inputTokens: 100, outputTokens: 50 } }),
    );
    const ledger = createCostLedger();
    const executor = createExecutor({ registry, resolve, retry, countTokens: () => 100 });
    const result = await executor.execute(makePlan([{}], usd(1)), { onAttempt: ledger.add });
    expect(ledger.entries).toHaveLength(2);
    expect(ledger.totalCost).toBe(result.ledger.totalCost);
    expect(ledger.wastedCost).toBe(result.wastedCost);
    const entry: LedgerEntry = result.ledger.entries[0]! satisfies AttemptEntry;
    expect(entry.errorClass).toBe('TokenwiseApiCallError');
  });

  it('builds a task record the ledger serialises and decodes unchanged', async () => {
    const { registry, resolve, retry, upstream } = createHarness();
    upstream.enqueue(openaiText('ok', { usage: { inputTokens: 100, outputTokens: 50 } }));
    const executor = createExecutor({ registry, resolve, retry, countTokens: () => 100 });
    const result = await executor.execute(makePlan([{}], usd(1), usd('0.001')));
    const record: TaskRecord = toTaskRecord(result, { source: 'cli', timestamp: '2026-01-01T00:00:00.000Z' });
    const decoded = decodeLedgerRecord(JSON.parse(serializeLedgerRecord(record)));
    expect(decoded).toMatchObject({
      kind: 'task',
      source: 'cli',
      totalCost: usd('0.001') + result.ledger.totalCost,
      plannerCost: usd('0.001'),
      entries: [{ reason: 'step 1 attempt 1', cost: result.ledger.totalCost, success: true }],
    });
  });
});
