import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerAggregateQuery, LedgerRecord, LedgerWarning } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attempt, request, sampleLedger } from '../aggregate/aggregate-fixtures.js';
import { aggregateRecords } from '../aggregate/aggregate-records.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createJsonlLedgerStore, type JsonlLedgerStoreOptions } from './create-jsonl-ledger-store.js';
import { aggregateIndexPath } from './persisted-aggregate-index.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwise-index-'));
  path = join(dir, 'ledger.jsonl');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const QUERY: LedgerAggregateQuery = { bucket: 'hour', top: 10 };
const lines = (records: LedgerRecord[]) =>
  records.map((record) => `${serializeLedgerRecord(record)}\n`).join('');

/**
 * A ledger whose calls file starts with an invalid line: a store that reads the file from the start reports it,
 * one that starts from a saved index does not — so the warnings show which bytes were read.
 */
function writeLedger(): void {
  const records = sampleLedger();
  writeFileSync(path, lines(records.filter((record) => record.kind === 'task')));
  writeFileSync(
    join(dir, 'ledger.calls.jsonl'),
    `not a record\n${lines(records.filter((record) => record.kind !== 'task'))}`,
  );
}

function open(options: Partial<JsonlLedgerStoreOptions> = {}) {
  const warnings: string[] = [];
  const store = createJsonlLedgerStore({
    path,
    indexSaveBytes: 0,
    onWarning: (warning: LedgerWarning) => warnings.push(warning.message),
    ...options,
  });
  return { store, warnings };
}

/** The truth: the records read now, aggregated without any index. */
async function truth(query: LedgerAggregateQuery = QUERY) {
  const records: LedgerRecord[] = [];
  const store = createJsonlLedgerStore({ path, indexPath: false, onWarning: () => {} });
  for await (const record of store.read()) records.push(record);
  return aggregateRecords(records, query);
}

const readsAll = (warnings: string[]) => warnings.some((message) => message.startsWith('Skipped a line of'));

describe('the saved aggregation index', () => {
  it('is saved beside the ledger; a restart reads only the bytes appended since', async () => {
    writeLedger();
    const first = open();
    expect(await first.store.aggregate!(QUERY)).toEqual(await truth());
    expect(readsAll(first.warnings)).toBe(true);
    expect(existsSync(join(dir, 'ledger.aggregate.idx'))).toBe(true);
    expect(aggregateIndexPath(path)).toBe(join(dir, 'ledger.aggregate.idx'));

    appendFileSync(
      join(dir, 'ledger.calls.jsonl'),
      lines([attempt('r9', '2026-12-03T00:00:00Z', 'm', '0.5')]),
    );
    appendFileSync(
      join(dir, 'ledger.calls.jsonl'),
      lines([request('r9', '2026-12-03T00:00:00Z', 'm', '0.5')]),
    );
    const restarted = open();
    const answer = await restarted.store.aggregate!(QUERY);
    expect(answer).toEqual(await truth());
    expect(answer.totals.requests).toBe(4);
    expect(restarted.warnings).toEqual([]); // the invalid first line was not read again
  });

  it('is rebuilt when a ledger file was truncated', async () => {
    writeLedger();
    await open().store.aggregate!(QUERY);
    const calls = join(dir, 'ledger.calls.jsonl');
    const text = readFileSync(calls, 'utf8');
    truncateSync(calls, text.lastIndexOf('\n', text.length - 2) + 1); // drop the last record
    const after = open();
    expect(await after.store.aggregate!(QUERY)).toEqual(await truth());
    expect(readsAll(after.warnings)).toBe(true);
  });

  it('is rebuilt when a ledger file was replaced by another (same size or longer)', async () => {
    writeLedger();
    await open().store.aggregate!(QUERY);
    const calls = join(dir, 'ledger.calls.jsonl');
    const replacement = `${readFileSync(calls, 'utf8')}${lines([request('r8', '2026-12-04T00:00:00Z', 'm', '0')])}`;
    writeFileSync(`${calls}.new`, replacement);
    renameSync(`${calls}.new`, calls); // a new inode
    const after = open();
    expect(await after.store.aggregate!(QUERY)).toEqual(await truth());
    expect(readsAll(after.warnings)).toBe(true);
  });

  it('is rebuilt when the indexed bytes were rewritten in place', async () => {
    writeLedger();
    await open().store.aggregate!(QUERY);
    const calls = join(dir, 'ledger.calls.jsonl');
    // Same file, same length: the last request now names another model.
    const text = readFileSync(calls, 'utf8');
    writeFileSync(calls, text.replace('"model_id":"none"', '"model_id":"nine"'));
    const after = open();
    const answer = await after.store.aggregate!(QUERY);
    expect(answer).toEqual(await truth());
    expect(answer.byModel.nine?.requests).toBe(1);
  });

  it('is rebuilt when the index file is corrupt or cut short', async () => {
    writeLedger();
    await open().store.aggregate!(QUERY);
    const indexFile = join(dir, 'ledger.aggregate.idx');
    const saved = readFileSync(indexFile);
    for (const damage of [
      (bytes: Buffer) => bytes.subarray(0, bytes.length - 100),
      (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        copy[copy.length - 50]! ^= 0xff; // a flipped byte in a column
        return copy;
      },
      () => Buffer.from('garbage'),
    ]) {
      writeFileSync(indexFile, damage(saved));
      const after = open();
      expect(await after.store.aggregate!(QUERY)).toEqual(await truth());
      expect(readsAll(after.warnings)).toBe(true);
    }
  });

  it('is rebuilt in a running store when a ledger file is replaced under it', async () => {
    writeLedger();
    const { store } = open({ indexPath: false });
    await store.aggregate!(QUERY);
    const calls = join(dir, 'ledger.calls.jsonl');
    writeFileSync(`${calls}.new`, `${readFileSync(calls, 'utf8')}${readFileSync(calls, 'utf8')}`);
    renameSync(`${calls}.new`, calls);
    expect(await store.aggregate!(QUERY)).toEqual(await truth());
  });

  it('is saved only after enough new bytes, and never with indexPath: false', async () => {
    writeLedger();
    await open({ indexSaveBytes: 1 << 20 }).store.aggregate!(QUERY);
    expect(existsSync(join(dir, 'ledger.aggregate.idx'))).toBe(false);
    await open({ indexPath: false }).store.aggregate!(QUERY);
    expect(existsSync(join(dir, 'ledger.aggregate.idx'))).toBe(false);
    const elsewhere = join(dir, 'cache', 'my.idx');
    mkdirSync(join(dir, 'cache'));
    await open({ indexPath: elsewhere }).store.aggregate!(QUERY);
    expect(existsSync(elsewhere)).toBe(true);
  });

  it('warns once when the index cannot be saved, and still answers exactly', async () => {
    writeLedger();
    // A directory where the index file should go: the rename fails, even for root.
    mkdirSync(join(dir, 'ledger.aggregate.idx'));
    const { store, warnings } = open();
    expect(await store.aggregate!(QUERY)).toEqual(await truth());
    appendFileSync(join(dir, 'ledger.calls.jsonl'), lines([request('r7', '2026-12-04T00:00:00Z', 'm', '0')]));
    expect(await store.aggregate!(QUERY)).toEqual(await truth());
    const failures = warnings.filter((message) => message.startsWith('Could not save the aggregation index'));
    expect(failures).toHaveLength(1);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
