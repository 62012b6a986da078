// Ledger paths that are not regular files: a FIFO (made with mkfifo), /dev/zero, /dev/full and a directory are
// refused at once with one line naming the path, for reading (summary, read, tail) and for appending.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord, LedgerRecord } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerNotAFileError } from '../errors/ledger-not-a-file-error.js';
import { LedgerWriteError } from '../errors/ledger-write-error.js';
import { createJsonlLedgerStore } from './create-jsonl-ledger-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwise-ledger-type-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const record: CallRecord = {
  kind: 'attempt',
  timestamp: '2026-12-05T08:00:00.000Z',
  source: 'proxy',
  reason: 'proxy request attempt 1',
  modelId: 'openai/gpt-4.1-mini',
  inputTokens: 1,
  outputTokens: 1,
  cost: usd('0.000001'),
  success: true,
  latencyMs: 1,
};

async function drain(iterable: AsyncIterable<LedgerRecord>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) count++;
  return count;
}

const unix = process.platform !== 'win32';

function cases(): Array<[string, string, string]> {
  const fifo = join(dir, 'ledger.fifo');
  execFileSync('mkfifo', [fifo]);
  const list: Array<[string, string, string]> = [
    ['a FIFO', fifo, 'a FIFO'],
    ['a directory', dir, 'a directory'],
  ];
  if (existsSync('/dev/zero')) list.push(['/dev/zero', '/dev/zero', 'a character device']);
  if (existsSync('/dev/full')) list.push(['/dev/full', '/dev/full', 'a character device']);
  return list;
}

describe.runIf(unix)('ledger paths that are not regular files', () => {
  it('refuses them for summary, read and tail with one line naming the path', async () => {
    for (const [label, path, fileType] of cases()) {
      const store = createJsonlLedgerStore({ path });
      const expected = `The ledger path ${path} is ${fileType}, not a regular file: set TOKENWISE_LEDGER_PATH to a file.`;
      for (const read of [
        () => store.summary(),
        () => drain(store.read()),
        () => drain(store.read({ limit: 5 })),
        () => drain(store.read({ since: '2026-01-01T00:00:00Z' })),
      ]) {
        const error = await read().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(LedgerNotAFileError.isInstance(error), label).toBe(true);
        expect((error as Error).message).toBe(expected);
        expect((error as Error).message).not.toContain('\n');
      }
    }
  });

  it('refuses them for appending, keeping the record on the write error', async () => {
    for (const [label, path, fileType] of cases()) {
      // The record is an attempt, which goes to the calls file: point that at the odd path too.
      const store = createJsonlLedgerStore({ path, callsPath: path });
      const error = await store.append(record).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(LedgerWriteError.isInstance(error), label).toBe(true);
      const writeError = error as LedgerWriteError;
      expect(writeError.record).toBe(record);
      expect(writeError.message).toContain(path);
      if (label === 'a directory') expect(writeError.message).toContain('(EISDIR)');
      else {
        expect(LedgerNotAFileError.isInstance(writeError.cause)).toBe(true);
        expect(writeError.message).toContain(`(${fileType})`);
      }
    }
  });

  it('still reads a missing file as empty and a regular file as before', async () => {
    const path = join(dir, 'ledger.jsonl');
    const store = createJsonlLedgerStore({ path });
    expect(await drain(store.read())).toBe(0);
    await store.append(record);
    expect(await drain(store.read())).toBe(1);
    expect((await store.summary()).numCalls).toBe(1);
  });
});
