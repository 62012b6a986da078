import type { CallRecord, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createSummaryAccumulator } from '../summarize-records.js';
import { createFastLineSummarizer } from './create-fast-line-summarizer.js';

// The fast line reader's contract at its edges: `true` means "handled" (added, or left out by --since), `false`
// hands the line to the reference path; amounts decode exactly, whole dollars included.
const STAMP = '2026-03-01T08:00:00.000Z';
const call: CallRecord = {
  kind: 'attempt',
  timestamp: STAMP,
  source: 'proxy',
  reason: 'r',
  modelId: 'a/m',
  inputTokens: 10,
  outputTokens: 2,
  cost: usd('0.25'),
  success: true,
};
const task: TaskRecord = {
  kind: 'task',
  timestamp: STAMP,
  task: 't',
  success: true,
  totalCost: usd('0.5'),
  plannerCost: 0n,
  wastedCost: 0n,
  entries: [
    { reason: 'step', modelId: 'a/m', inputTokens: 1, outputTokens: 1, cost: usd('0.5'), success: true },
  ],
};

function feed(line: string, sinceMs?: number) {
  const accumulator = createSummaryAccumulator();
  const handled = createFastLineSummarizer(accumulator)(line, 0, line.length, sinceMs);
  return { handled, summary: accumulator.result() };
}

describe('createFastLineSummarizer edges', () => {
  const lines: [string, LedgerRecord][] = [
    ['call', call],
    ['task', task],
  ];

  it.each(lines)('handles a %s line older than --since by leaving it out', (_kind, record) => {
    const line = serializeLedgerRecord(record);
    const { handled, summary } = feed(line, Date.parse(STAMP) + 1);
    expect(handled).toBe(true);
    expect(summary.totalSpend).toBe(0n);
    expect(feed(line, Date.parse(STAMP)).summary.totalSpend).toBe(
      record.kind === 'task' ? usd('0.5') : usd('0.25'),
    );
  });

  it.each(lines)(
    'hands a %s line with text after its closing brace to the reference path',
    (_kind, record) => {
      const { handled, summary } = feed(`${serializeLedgerRecord(record)} x`);
      expect(handled).toBe(false);
      expect(summary.totalSpend).toBe(0n);
    },
  );

  it('reads whole-dollar amounts written without a decimal point', () => {
    const whole = { ...call, cost: usd(5) };
    const line = serializeLedgerRecord(whole);
    expect(line).toContain('"cost_usd":"5"');
    const { handled, summary } = feed(line);
    expect(handled).toBe(true);
    expect(summary.totalSpend).toBe(usd(5));
  });
});
