import { stat } from 'node:fs/promises';
import type { LedgerRecord, LedgerWarning } from '@tokenwise/spec';
import { type AggregateIndex, createAggregateIndex } from '../aggregate/create-aggregate-index.js';
import { decodeCallLine } from './decode-call-line.js';
import { loadAggregateIndex, saveAggregateIndex } from './persisted-aggregate-index.js';
import { readWholeLines } from './read-whole-lines.js';

/** Reports the lines a read skipped (the store's warnings). */
export interface SkipReporter {
  skip(file: string, line: number | undefined, torn: boolean): void;
  finish(): void;
}

/** Options of {@link createFilesIndex}. */
export interface FilesIndexOptions {
  /** The ledger files, in a fixed order. */
  files: readonly string[];
  /** Where the index is saved; `false`: in memory only. */
  indexPath: string | false;
  /** Bytes indexed since the last save (and a tenth of the ledger) before the index is saved again. */
  indexSaveBytes: number;
  /** The reference decoder of one line (`JSON.parse` and the record schema). */
  decodeLine(line: string): LedgerRecord | undefined;
  isBlank(line: string): boolean;
  createSkipReporter(): SkipReporter;
  onWarning(warning: LedgerWarning): void;
}

/** An aggregation index kept up to date with ledger files. */
export interface FilesIndex {
  /** Reads what was appended since the last call (concurrent calls share one read) and returns the index. */
  catchUp(): Promise<AggregateIndex>;
}

/**
 * The dashboard's index over ledger files: read back from the saved index when that still describes the files,
 * else built by the first call; then fed only the bytes appended since (by this or any other process). A file that
 * shrank or was replaced (another inode) has everything indexed again. The index is saved after a call that
 * indexed enough new bytes.
 */
export function createFilesIndex(options: FilesIndexOptions): FilesIndex {
  const { files, indexPath, indexSaveBytes } = options;
  let index = createAggregateIndex();
  let indexed = files.map(() => 0);
  let identities: (string | undefined)[] = files.map(() => undefined);
  let savedBytes = 0;
  let loadTried = false;
  let saveWarned = false;
  let catchingUp: Promise<void> | undefined;

  async function catchUp(): Promise<void> {
    if (!loadTried) {
      loadTried = true;
      const loaded = indexPath === false ? undefined : await loadAggregateIndex(indexPath, files);
      if (loaded !== undefined) {
        index = loaded.index;
        indexed = loaded.offsets;
        savedBytes = sum(indexed);
      }
    }
    const stats = await Promise.all(files.map(fileStats));
    const replaced = stats.some(
      (now, at) =>
        now.size < indexed[at]! ||
        (indexed[at]! > 0 && identities[at] !== undefined && identities[at] !== now.identity),
    );
    if (replaced) {
      index = createAggregateIndex();
      indexed = files.map(() => 0);
      savedBytes = 0;
    }
    identities = stats.map((now) => now.identity);
    const reporter = options.createSkipReporter();
    for (const [at, file] of files.entries()) {
      if (stats[at]!.size === indexed[at]) continue;
      for await (const { text, end } of readWholeLines(file, indexed[at]!)) {
        let start = 0;
        for (;;) {
          let stop = text.indexOf('\n', start);
          const last = stop === -1;
          if (last) stop = text.length;
          // The writer's own attempt and request lines are decoded in place; anything else the reference way.
          const fast = decodeCallLine(text, start, stop);
          if (fast !== undefined) index.add(fast);
          else {
            const line = text.slice(start, stop);
            if (!options.isBlank(line)) {
              const record = options.decodeLine(line);
              if (record === undefined) reporter.skip(file, undefined, false);
              else index.add(record);
            }
          }
          if (last) break;
          start = stop + 1;
        }
        indexed[at] = end;
      }
    }
    reporter.finish();
    await saveIfDue();
  }

  async function saveIfDue(): Promise<void> {
    const total = sum(indexed);
    const fresh = total - savedBytes;
    if (indexPath === false || fresh === 0 || fresh < Math.max(indexSaveBytes, total / 10)) return;
    try {
      await saveAggregateIndex(indexPath, index, files, indexed);
      savedBytes = total;
    } catch (error) {
      // A cache only: queries stay exact, a restart just reads the whole ledger again.
      if (saveWarned) return;
      saveWarned = true;
      options.onWarning({
        message: `Could not save the aggregation index ${indexPath} (${(error as Error).message}); a restart will read the whole ledger again.`,
      });
    }
  }

  return {
    async catchUp() {
      catchingUp ??= catchUp().finally(() => {
        catchingUp = undefined;
      });
      await catchingUp;
      return index;
    },
  };
}

/** A file's size and identity (device and inode); a missing file is empty. */
async function fileStats(file: string): Promise<{ size: number; identity: string | undefined }> {
  try {
    const stats = await stat(file);
    return { size: stats.size, identity: `${stats.dev}:${stats.ino}` };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { size: 0, identity: undefined };
    throw error;
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
