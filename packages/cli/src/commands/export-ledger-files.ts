import { existsSync } from 'node:fs';
import type { LedgerRecord } from '@tokenwise/ledger';
import { InvalidArgumentError } from '@tokenwise/spec';

/** What {@link exportLedgerFiles} wrote. */
export interface ExportedLedgerFiles {
  path: string;
  callsPath: string;
  tasks: number;
  calls: number;
}

/**
 * Writes records in the JSONL store's two-file layout: tasks to `path` in the original TokenWise's format, attempt
 * and request records to `ledger.calls.jsonl` beside it. This is how a database ledger (or a filtered one)
 * becomes files both TokenWise versions read. Refuses to add to files that already exist.
 */
export async function exportLedgerFiles(
  records: AsyncIterable<LedgerRecord> | Iterable<LedgerRecord>,
  path: string,
): Promise<ExportedLedgerFiles> {
  const { callsLedgerPath, createJsonlLedgerStore } = await import('@tokenwise/ledger/node');
  const callsPath = callsLedgerPath(path);
  for (const file of [path, callsPath]) {
    if (existsSync(file)) {
      throw new InvalidArgumentError({
        argument: '--out',
        message: `${file} already exists: --out writes a new ledger; remove it or name another file.`,
      });
    }
  }
  const target = createJsonlLedgerStore({ path });
  let tasks = 0;
  let calls = 0;
  let pending: Promise<void>[] = [];
  for await (const record of records) {
    if (record.kind === 'task') tasks++;
    else calls++;
    pending.push(target.append(record));
    // Appends issued together are written together; waiting every few thousand keeps memory bounded.
    if (pending.length === 5_000) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return { path, callsPath, tasks, calls };
}
