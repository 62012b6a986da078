import { InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createCostLedger } from './create-cost-ledger.js';

describe('createCostLedger', () => {
  it('keeps one entry per attempt with exact totals', () => {
    const ledger = createCostLedger();
    ledger.add({
      reason: 'step 1 attempt 1',
      modelId: 'a/cheap',
      inputTokens: 10,
      outputTokens: 5,
      cost: usd('0.1'),
    });
    ledger.add({ reason: 'step 2 attempt 1', modelId: 'a/cheap', cost: usd('0.2') });
    expect(ledger.entries).toHaveLength(2);
    expect(ledger.entries[1]).toMatchObject({ inputTokens: 0, outputTokens: 0, success: true });
    expect(ledger.totalCost).toBe(usd('0.3'));
    expect(ledger.wastedCost).toBe(0n);
  });

  it('counts what failed attempts really cost as wasted', () => {
    const ledger = createCostLedger();
    ledger.add({
      reason: 'step 1 attempt 1',
      modelId: 'a/x',
      inputTokens: 900,
      cost: usd('0.005'),
      success: false,
    });
    ledger.add({ reason: 'step 1 escalation attempt 1', modelId: 'a/y', cost: usd('0.01') });
    expect(ledger.wastedCost).toBe(usd('0.005'));
    expect(ledger.totalCost).toBe(usd('0.015'));
  });

  it('reports planner entries as planner spend and never counts planner cost twice', () => {
    const ledger = createCostLedger();
    ledger.add({ reason: 'planner', modelId: 'a/planner', cost: usd('0.002') });
    ledger.add({ reason: 'step 1 attempt 1', modelId: 'a/x', cost: usd('0.01') });
    const record = ledger.toRecord({ task: 'T', success: true, plannerCost: usd('0.001'), budget: usd(1) });
    expect(ledger.plannerCost).toBe(usd('0.002'));
    expect(record.plannerCost).toBe(usd('0.003'));
    expect(record.totalCost).toBe(usd('0.013'));
    expect(record.entries).toHaveLength(2);
  });

  it('builds the original task record: total includes the planner cost (parity 12.2 #8)', () => {
    const ledger = createCostLedger();
    ledger.add({ reason: 'step 1 attempt 1', modelId: 'a/x', cost: usd('0.01') });
    const record = ledger.toRecord({ task: 'T', success: true, budget: usd(1), plannerCost: usd('0.005') });
    expect(record).toMatchObject({ kind: 'task', task: 'T', success: true, budget: usd(1) });
    expect(record.totalCost).toBe(usd('0.015'));
    expect(record.plannerCost).toBe(usd('0.005'));
    expect(record.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('redacts secrets in error messages when the entry is added', () => {
    const ledger = createCostLedger();
    const entry = ledger.add({
      reason: 'step 1 attempt 1',
      modelId: 'a/x',
      cost: 0n,
      success: false,
      errorClass: 'TokenwiseApiCallError',
      errorMessage: 'HTTP 401 for key sk-proj-abcdefghijklmnop1234',
    });
    expect(entry.errorMessage).toBe('HTTP 401 for key [REDACTED]');
  });

  it('rejects negative or float costs and bad token counts', () => {
    const ledger = createCostLedger();
    expect(() => ledger.add({ reason: 'r', modelId: 'm', cost: -1n })).toThrow(InvalidArgumentError);
    expect(() => ledger.add({ reason: 'r', modelId: 'm', cost: 0.5 as unknown as bigint })).toThrow(
      InvalidArgumentError,
    );
    expect(() => ledger.add({ reason: 'r', modelId: 'm', cost: 0n, inputTokens: 1.5 })).toThrow(
      InvalidArgumentError,
    );
    expect(ledger.entries).toHaveLength(0);
  });
});
