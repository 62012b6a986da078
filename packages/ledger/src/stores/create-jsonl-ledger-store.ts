import { stat } from 'node:fs/promises';
import type {
  LedgerReadOptions,
  LedgerRecord,
  LedgerStore,
  LedgerSummary,
  LedgerWarning,
} from '@tokenwise/spec';
import { createAggregateIndex } from '../aggregate/create-aggregate-index.js';
import { LedgerWriteError } from '../errors/ledger-write-error.js';
import { decodeLedgerRecord } from '../ledger-record-schema.js';
import { checkReadOptions, isSince, lastItems } from '../read-options.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createSummaryAccumulator } from '../summarize-records.js';
import { callsLedgerPath } from './calls-ledger-path.js';
import { createFastLineSummarizer } from './create-fast-line-summarizer.js';
import { createLineAppender, type LineAppender } from './create-line-appender.js';
import { decodeCallLine } from './decode-call-line.js';
import { mergeByTime } from './merge-by-time.js';
import { aggregateIndexPath, loadAggregateIndex, saveAggregateIndex } from './persisted-aggregate-index.js';
import { type LineBatch, readLineBatches, readLineBatchesBackwards } from './read-line-batches.js';
import { readTextChunks } from './read-text-chunks.js';
import { readWholeLines } from './read-whole-lines.js';

/** Options of {@link createJsonlLedgerStore}. */
export interface JsonlLedgerStoreOptions {
  /** The task ledger, a JSONL file the original TokenWise reads too; see `defaultLedgerPath()`. */
  path: string;
  /** The file of attempt and request records; `callsLedgerPath(path)` (`ledger.calls.jsonl`) by default. */
  callsPath?: string;
  /** Told about skipped lines; defaults to `process.emitWarning`. */
  onWarning?: (warning: LedgerWarning) => void;
  /** Individual warnings per read before the rest are reported as one count (default 5). */
  maxWarningsPerRead?: number;
  /**
   * Where `aggregate()` saves its index so that a restart reads only the bytes appended since:
   * `aggregateIndexPath(path)` (`ledger.aggregate.idx`) by default; `false` keeps it in memory only.
   */
  indexPath?: string | false;
  /**
   * The index is saved once this many bytes were indexed since it was last saved (or loaded), and at least a tenth
   * of the ledger (default 1 MiB), so appends do not rewrite it on every query.
   */
  indexSaveBytes?: number;
}

/** A {@link LedgerStore} backed by a JSONL file. */
export interface JsonlLedgerStore extends LedgerStore {
  /** The task ledger. */
  readonly path: string;
  /** The file beside it with the attempt and request records. */
  readonly callsPath: string;
}

// Appends made in the same tick go out together in one write (still whole lines); the cap keeps each write a
// reasonable size.
const MAX_BATCH_BYTES = 1 << 20;

/**
 * Creates the embedded default store: one JSON record per line in two files. Task records go to `path` in the
 * original TokenWise's own format, so its `ledger` command reads the file as it reads its own; attempt and
 * request records (proxy and library calls) go to `callsPath` beside it, which the original never opens. Every
 * read (records, summary, aggregate) covers both files, and older files that mix all kinds in `path` read as
 * before. Appends are whole lines in single O_APPEND writes (synchronous, a few microseconds, on a descriptor
 * kept open while the store is busy), safe with other processes appending to the same files; reads stream the
 * files and skip torn or invalid lines with a warning.
 */
export function createJsonlLedgerStore(options: JsonlLedgerStoreOptions): JsonlLedgerStore {
  const { path } = options;
  const callsPath = options.callsPath ?? callsLedgerPath(path);
  const files = [path, callsPath] as const;
  const onWarning =
    options.onWarning ??
    ((warning: LedgerWarning) => process.emitWarning(warning.message, 'TokenwiseLedgerWarning'));
  const maxWarnings = options.maxWarningsPerRead ?? 5;
  const taskAppender = createLineAppender(path);
  const callAppender = createLineAppender(callsPath);
  let queue: { line: string; record: LedgerRecord; resolve: () => void; reject: (error: unknown) => void }[] =
    [];
  let scheduled = false;

  // Appends made in the same tick (a proxy hands over a batch of records at once) go out as one write.
  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      let bytes = 0;
      let count = 0;
      while (count < queue.length && (count === 0 || bytes + queue[count]!.line.length <= MAX_BATCH_BYTES)) {
        bytes += queue[count]!.line.length;
        count++;
      }
      const batch = queue.slice(0, count);
      queue = queue.slice(count);
      write(
        taskAppender,
        path,
        batch.filter((item) => item.record.kind === 'task'),
      );
      write(
        callAppender,
        callsPath,
        batch.filter((item) => item.record.kind !== 'task'),
      );
    }
  }

  function write(appender: LineAppender, file: string, items: typeof queue): void {
    if (items.length === 0) return;
    try {
      appender.append(items.map((item) => item.line).join(''));
      for (const item of items) item.resolve();
    } catch (cause) {
      for (const item of items) item.reject(new LedgerWriteError({ path: file, record: item.record, cause }));
    }
  }

  /** Reports skipped lines: the first few one by one, the rest as one count at the end of the read. */
  function createSkipReporter() {
    let skipped = 0;
    return {
      skip(file: string, line: number | undefined, torn: boolean) {
        skipped++;
        if (skipped > maxWarnings) return;
        const where = line ? `line ${line} of ${file}` : `a line of ${file}`;
        onWarning({
          message: torn
            ? `Skipped a torn last line (${where}): an interrupted write; later appends start on a new line.`
            : `Skipped ${where}: not a valid ledger record.`,
          ...(line ? { line } : {}),
        });
      },
      finish() {
        if (skipped > maxWarnings) {
          onWarning({
            message: `Skipped ${skipped - maxWarnings} more invalid lines of ${files.join(' and ')}.`,
          });
        }
      },
    };
  }

  function decodeBatch(
    file: string,
    batch: LineBatch,
    reporter: SkipReporter,
    reversed: boolean,
    emit: (record: LedgerRecord) => boolean | undefined,
  ): boolean {
    const { lines, firstLine, unterminated } = batch;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      if (isBlank(text)) continue;
      const torn = unterminated && i === (reversed ? 0 : lines.length - 1);
      const record = parseLine(text);
      if (record === undefined) reporter.skip(file, reversed ? undefined : firstLine + i, torn);
      else if (emit(record) === false) return false;
    }
    return true;
  }

  async function* forwardFile(
    file: string,
    sinceMs: number | undefined,
    reporter: SkipReporter,
  ): AsyncGenerator<LedgerRecord> {
    for await (const batch of readLineBatches(file)) {
      const records: LedgerRecord[] = [];
      decodeBatch(file, batch, reporter, false, (record) => {
        if (isSince(record, sinceMs)) records.push(record);
        return true;
      });
      yield* records;
    }
  }

  // Lazy, line by line: the last N records of a large file are found without decoding more of it.
  async function* backwardFile(file: string, reporter: SkipReporter): AsyncGenerator<LedgerRecord> {
    for await (const { lines, unterminated } of readLineBatchesBackwards(file)) {
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!;
        if (isBlank(text)) continue;
        const record = parseLine(text);
        if (record === undefined) reporter.skip(file, undefined, unterminated && i === 0);
        else yield record;
      }
    }
  }

  async function* forward(sinceMs: number | undefined): AsyncGenerator<LedgerRecord> {
    const reporter = createSkipReporter();
    yield* mergeByTime(forwardFile(path, sinceMs, reporter), forwardFile(callsPath, sinceMs, reporter));
    reporter.finish();
  }

  async function tail(limit: number): Promise<LedgerRecord[]> {
    const found: LedgerRecord[] = [];
    if (limit === 0) return found;
    const reporter = createSkipReporter();
    for await (const record of mergeByTime(
      backwardFile(path, reporter),
      backwardFile(callsPath, reporter),
      true,
    )) {
      if (found.push(record) >= limit) break;
    }
    reporter.finish();
    return found.reverse();
  }

  // The dashboard's index: built by the first aggregate() (or read back from the index file when that still
  // describes the ledger), then fed only the bytes appended since (by this or any other process) to either file.
  // A file that shrank or was replaced (another inode) has everything indexed again.
  const indexPath = options.indexPath === undefined ? aggregateIndexPath(path) : options.indexPath;
  const indexSaveBytes = options.indexSaveBytes ?? 1 << 20;
  let index = createAggregateIndex();
  let indexed = [0, 0];
  let identities: (string | undefined)[] = [undefined, undefined];
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
      (stat, at) =>
        stat.size < indexed[at]! ||
        (indexed[at]! > 0 && identities[at] !== undefined && identities[at] !== stat.identity),
    );
    if (replaced) {
      index = createAggregateIndex();
      indexed = [0, 0];
      savedBytes = 0;
    }
    identities = stats.map((stat) => stat.identity);
    const reporter = createSkipReporter();
    for (const [at, file] of files.entries()) {
      if (stats[at]!.size === indexed[at]) continue;
      for await (const { text, end } of readWholeLines(file, indexed[at]!)) {
        let start = 0;
        for (;;) {
          let stop = text.indexOf('\n', start);
          const last = stop === -1;
          if (last) stop = text.length;
          // The writer's own proxy lines are decoded in place; anything else the reference way.
          const fast = decodeCallLine(text, start, stop);
          if (fast !== undefined) index.add(fast);
          else {
            const line = text.slice(start, stop);
            if (!isBlank(line)) {
              const record = parseLine(line);
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
    const total = sum(indexed);
    const fresh = total - savedBytes;
    if (indexPath !== false && fresh > 0 && fresh >= Math.max(indexSaveBytes, total / 10)) {
      try {
        await saveAggregateIndex(indexPath, index, files, indexed);
        savedBytes = total;
      } catch (error) {
        // A cache only: queries stay exact, a restart just reads the whole ledger again.
        if (!saveWarned) {
          saveWarned = true;
          onWarning({
            message: `Could not save the aggregation index ${indexPath} (${(error as Error).message}); a restart will read the whole ledger again.`,
          });
        }
      }
    }
  }

  return {
    path,
    callsPath,
    async aggregate(query) {
      // Concurrent queries share one catch-up read.
      catchingUp ??= catchUp().finally(() => {
        catchingUp = undefined;
      });
      await catchingUp;
      return index.query(query);
    },
    append(record) {
      let line: string;
      try {
        line = `${serializeLedgerRecord(record)}\n`;
      } catch (cause) {
        return Promise.reject(new LedgerWriteError({ path, record, cause }));
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ line, record, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      });
    },
    read(readOptions?: LedgerReadOptions) {
      const { limit, sinceMs } = checkReadOptions(readOptions);
      if (limit !== undefined && sinceMs === undefined) {
        return (async function* () {
          yield* await tail(limit);
        })();
      }
      return lastItems(forward(sinceMs), limit);
    },
    async summary(summaryOptions) {
      const { sinceMs } = checkReadOptions(summaryOptions);
      const accumulator = createSummaryAccumulator();
      const fast = createFastLineSummarizer(accumulator);
      const reporter = createSkipReporter();
      for (const file of files) {
        let lineNumber = 1;
        for await (const { text, unterminated } of readTextChunks(file)) {
          // Lines are scanned in place; only lines the fast reader is unsure of become strings for JSON.parse.
          let start = 0;
          for (;;) {
            let stop = text.indexOf('\n', start);
            const last = stop === -1;
            if (last) stop = text.length;
            if (!fast(text, start, stop, sinceMs)) {
              const line = text.slice(start, stop);
              if (!isBlank(line)) {
                const record = parseLine(line);
                if (record === undefined) {
                  accumulator.skip();
                  reporter.skip(file, lineNumber, unterminated && last);
                } else if (isSince(record, sinceMs)) {
                  accumulator.add(record);
                }
              }
            }
            lineNumber++;
            if (last) break;
            start = stop + 1;
          }
        }
      }
      reporter.finish();
      return accumulator.result() satisfies LedgerSummary;
    },
  };
}

type SkipReporter = { skip(file: string, line: number | undefined, torn: boolean): void; finish(): void };

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

/** Blank lines are skipped silently, like the original; checked without allocating for the usual `{` line. */
function isBlank(text: string): boolean {
  return text.length === 0 || (text.charCodeAt(0) !== 123 && text.trim() === '');
}

function parseLine(text: string): LedgerRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  return decodeLedgerRecord(json);
}
