import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLedgerStore } from '../create-memory-ledger-store.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createJsonlLedgerStore } from './create-jsonl-ledger-store.js';

// `--since` is inclusive: a record stamped exactly at the bound counts (issue #12: an earlier mutant pass found
// the fast line reader dropping it, and no test noticed because no fixture sat exactly on the bound).
const SINCE = '2026-03-01T12:00:00.000Z';

function call(kind: 'attempt' | 'request', timestamp: string, cost: string): CallRecord {
  return {
    kind,
    timestamp,
    source: 'proxy',
    reason: 'proxy request',
    modelId: 'openai/gpt-4o-mini',
    inputTokens: 10,
    outputTokens: 2,
    cost: usd(cost),
    success: true,
  };
}

function task(timestamp: string, total: string): TaskRecord {
  return {
    kind: 'task',
    timestamp,
    task: 't',
    success: true,
    totalCost: usd(total),
    plannerCost: 0n,
    wastedCost: 0n,
    entries: [],
  };
}

// Each kind exactly at the bound (also written with an offset), and one millisecond before it.
const records: LedgerRecord[] = [
  call('attempt', SINCE, '0.001'),
  call('attempt', '2026-03-01T14:00:00.000+02:00', '0.002'),
  call('request', SINCE, '0.003'),
  task(SINCE, '0.004'),
  call('attempt', '2026-03-01T11:59:59.999Z', '0.1'),
  call('request', '2026-03-01T11:59:59.999Z', '0.1'),
  task('2026-03-01T11:59:59.999Z', '0.1'),
];

describe('ledger summary since a bound', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenwise-since-bound-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts records exactly at `since` in the JSONL store (fast line path)', async () => {
    const path = join(dir, 'ledger.jsonl');
    writeFileSync(path, `${records.map(serializeLedgerRecord).join('\n')}\n`);
    const summary = await createJsonlLedgerStore({ path }).summary({ since: SINCE });
    expect(summary.totalSpend).toBe(usd('0.007'));
    expect(summary.numCalls).toBe(2);
    expect(summary.numRequests).toBe(1);
    expect(summary.numTasks).toBe(1);
    expect(summary.skippedLines).toBe(0);
  });

  it('counts them in the JSONL store when lines take the reference path too', async () => {
    const path = join(dir, 'spaced.jsonl');
    // Pretty-printed JSON is valid but not the writer's shape, so every line goes through JSON.parse.
    writeFileSync(
      path,
      `${records.map((record) => JSON.stringify(JSON.parse(serializeLedgerRecord(record)), null, 1).replaceAll('\n', '')).join('\n')}\n`,
    );
    const summary = await createJsonlLedgerStore({ path }).summary({ since: new Date(SINCE) });
    expect(summary.totalSpend).toBe(usd('0.007'));
    expect([summary.numCalls, summary.numRequests, summary.numTasks]).toEqual([2, 1, 1]);
  });

  it('counts them in the memory store', async () => {
    const store = createMemoryLedgerStore();
    for (const record of records) await store.append(record);
    const summary = await store.summary({ since: SINCE });
    expect(summary.totalSpend).toBe(usd('0.007'));
    expect([summary.numCalls, summary.numRequests, summary.numTasks]).toEqual([2, 1, 1]);
  });
});
