import type { CallRecord } from '@tokenwise/spec';
import { InvalidArgumentError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createMemoryLedgerStore } from './create-memory-ledger-store.js';

function record(i: number, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    kind: 'attempt',
    timestamp: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    source: 'library',
    requestId: `r${i}`,
    reason: 'library call',
    modelId: 'm',
    inputTokens: 1,
    outputTokens: 1,
    cost: usd('0.01'),
    success: true,
    ...extra,
  };
}

async function ids(iterable: AsyncIterable<CallRecord | { kind: string }>) {
  const out: string[] = [];
  for await (const r of iterable) out.push((r as CallRecord).requestId ?? '');
  return out;
}

describe('createMemoryLedgerStore', () => {
  it('reads all, the last N, nothing for limit 0, and everything when N exceeds the count', async () => {
    const store = createMemoryLedgerStore();
    for (let i = 0; i < 5; i++) await store.append(record(i));
    expect(await ids(store.read())).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(await ids(store.read({ limit: 2 }))).toEqual(['r3', 'r4']);
    expect(await ids(store.read({ limit: 0 }))).toEqual([]);
    expect(await ids(store.read({ limit: 50 }))).toHaveLength(5);
  });

  it('filters by since and summarises the same slice', async () => {
    const store = createMemoryLedgerStore([record(0), record(1), record(2)]);
    expect(await ids(store.read({ since: '2026-01-02T00:00:00Z' }))).toEqual(['r1', 'r2']);
    expect(await ids(store.read({ since: new Date(Date.UTC(2026, 0, 3)), limit: 5 }))).toEqual(['r2']);
    expect((await store.summary({ since: '2026-01-02' })).totalSpend).toBe(usd('0.02'));
  });

  it('redacts stored error messages', async () => {
    const store = createMemoryLedgerStore();
    await store.append(record(0, { success: false, errorMessage: 'Bearer abcdefghijklmnop failed' }));
    expect((store.records[0] as CallRecord).errorMessage).toBe('Bearer [REDACTED] failed');
  });

  it('rejects bad read options with a typed error', () => {
    const store = createMemoryLedgerStore();
    expect(() => store.read({ limit: -1 })).toThrow(InvalidArgumentError);
    expect(() => store.read({ limit: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => store.read({ since: 'not a time' })).toThrow(InvalidArgumentError);
  });
});
