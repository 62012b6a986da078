import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerRecord, LedgerWarning } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attempt, request, sampleLedger } from '../aggregate/aggregate-fixtures.js';
import { aggregateRecords } from '../aggregate/aggregate-records.js';
import { createMemoryLedgerStore } from '../create-memory-ledger-store.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createJsonlLedgerStore } from './create-jsonl-ledger-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwise-aggregate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function all(iterable: AsyncIterable<LedgerRecord>): Promise<LedgerRecord[]> {
  const out: LedgerRecord[] = [];
  for await (const record of iterable) out.push(record);
  return out;
}

describe('JSONL store aggregate()', () => {
  it('equals aggregating what read() streams, and follows appends from this and other writers', async () => {
    const path = join(dir, 'ledger.jsonl');
    const warnings: LedgerWarning[] = [];
    const store = createJsonlLedgerStore({ path, onWarning: (w) => warnings.push(w) });
    expect((await store.aggregate!({})).records).toBe(0); // no file yet
    for (const record of sampleLedger()) await store.append(record);
    const query = { bucket: 'hour' as const, top: 5 };
    expect(await store.aggregate!(query)).toEqual(await aggregateRecords(await all(store.read()), query));

    // Another process appends a line, then a torn half line that a later append ends.
    appendFileSync(
      store.callsPath,
      `${serializeLedgerRecord(attempt('r9', '2026-12-03T00:00:00Z', 'm', '0.5'))}\n{"timestamp":"2026-12`,
    );
    expect((await store.aggregate!({})).totals.spend).toBe(usd('0.033') + usd('0.5'));
    await store.append(request('r9', '2026-12-03T00:00:00Z', 'm', '0.5'));
    const after = await store.aggregate!({});
    expect(after.totals.requests).toBe(4);
    expect(after.topRequests[0]).toMatchObject({ requestId: 'r9', attempts: [{ cost: usd('0.5') }] });
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^Skipped a line of/)]);
  });

  it('indexes a replaced (shorter) file again from the start', async () => {
    const path = join(dir, 'ledger.jsonl');
    const store = createJsonlLedgerStore({ path, onWarning: () => {} });
    for (const record of sampleLedger()) await store.append(record);
    expect((await store.aggregate!({})).totals.requests).toBe(3);
    writeFileSync(
      store.callsPath,
      `${serializeLedgerRecord(request('only', '2026-12-01T00:00:00Z', 'm', '0.1'))}\n`,
    );
    const { totals } = await store.aggregate!({});
    expect(totals.requests).toBe(1);
    // Only the task ledger's spend is left: the request record carries none of its own.
    expect(totals.spend).toBe((await store.summary()).totalSpend);
    expect(totals.spend).toBe(usd('0.0105'));
  });

  it('answers concurrent queries from one catch-up read', async () => {
    // An older file: every kind of record in the task ledger itself.
    const path = join(dir, 'ledger.jsonl');
    writeFileSync(
      path,
      sampleLedger()
        .map((r) => `${serializeLedgerRecord(r)}\n`)
        .join(''),
    );
    const store = createJsonlLedgerStore({ path });
    const [a, b] = await Promise.all([store.aggregate!({ keyId: 'k1' }), store.aggregate!({ keyId: 'k2' })]);
    expect(a.totals.spend + b.totals.spend).toBe(usd('0.0225'));
  });
});

describe('memory store aggregate()', () => {
  it('equals aggregateRecords over its records, before and after appends', async () => {
    const store = createMemoryLedgerStore(sampleLedger().slice(0, 3));
    expect(await store.aggregate!({})).toEqual(await aggregateRecords(store.records));
    for (const record of sampleLedger().slice(3)) await store.append(record);
    expect(await store.aggregate!({ top: 3 })).toEqual(await aggregateRecords(sampleLedger(), { top: 3 }));
  });
});
