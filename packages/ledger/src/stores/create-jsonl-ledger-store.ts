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
import { createFastLineSummarizer } from './create-fast-line-summarizer.js';
import { createLineAppender } from './create-line-appender.js';
import { type LineBatch, readLineBatches, readLineBatchesBackwards } from './read-line-batches.js';
import { readTextChunks } from './read-text-chunks.js';
import { readWholeLines } from './read-whole-lines.js';

/** Options of {@link createJsonlLedgerStore}. */
export interface JsonlLedgerStoreOptions {
  /** The JSONL file; see `defaultLedgerPath()`. */
  path: string;
  /** Told about skipped lines; defaults to `process.emitWarning`. */
  onWarning?: (warning: LedgerWarning) => void;
  /** Individual warnings per read before the rest are reported as one count (default 5). */
  maxWarningsPerRead?: number;
}

/** A {@link LedgerStore} backed by a JSONL file. */
export interface JsonlLedgerStore extends LedgerStore {
  readonly path: string;
}

// Appends made in the same tick go out together in one write (still whole lines); the cap keeps each write a
// reasonable size.
const MAX_BATCH_BYTES = 1 << 20;

/**
 * Creates the embedded default store: one JSON record per line, compatible with the Python TokenWise file.
 * Appends are whole lines in single O_APPEND writes (synchronous, a few microseconds, on a descriptor kept open
 * while the store is busy), safe with other processes appending to the same file;
 * reads stream the file and skip torn or invalid lines with a warning.
 */
export function createJsonlLedgerStore(options: JsonlLedgerStoreOptions): JsonlLedgerStore {
  const { path } = options;
  const onWarning =
    options.onWarning ??
    ((warning: LedgerWarning) => process.emitWarning(warning.message, 'TokenwiseLedgerWarning'));
  const maxWarnings = options.maxWarningsPerRead ?? 5;
  const appender = createLineAppender(path);
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
      try {
        appender.append(batch.map((item) => item.line).join(''));
        for (const item of batch) item.resolve();
      } catch (cause) {
        for (const item of batch) item.reject(new LedgerWriteError({ path, record: item.record, cause }));
      }
    }
  }

  /** Reports skipped lines: the first few one by one, the rest as one count at the end of the read. */
  function createSkipReporter() {
    let skipped = 0;
    return {
      skip(line: number | undefined, torn: boolean) {
        skipped++;
        if (skipped > maxWarnings) return;
        const where = line ? `line ${line} of ${path}` : `a line of ${path}`;
        onWarning({
          message: torn
            ? `Skipped a torn last line (${where}): an interrupted write; later appends start on a new line.`
            : `Skipped ${where}: not a valid ledger record.`,
          ...(line ? { line } : {}),
        });
      },
      finish() {
        if (skipped > maxWarnings) {
          onWarning({ message: `Skipped ${skipped - maxWarnings} more invalid lines of ${path}.` });
        }
      },
    };
  }

  function decodeBatch(
    batch: LineBatch,
    reporter: ReturnType<typeof createSkipReporter>,
    reversed: boolean,
    emit: (record: LedgerRecord) => boolean | undefined,
  ): boolean {
    const { lines, firstLine, unterminated } = batch;
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      if (isBlank(text)) continue;
      const torn = unterminated && i === (reversed ? 0 : lines.length - 1);
      const record = parseLine(text);
      if (record === undefined) reporter.skip(reversed ? undefined : firstLine + i, torn);
      else if (emit(record) === false) return false;
    }
    return true;
  }

  async function* forward(sinceMs: number | undefined): AsyncGenerator<LedgerRecord> {
    const reporter = createSkipReporter();
    for await (const batch of readLineBatches(path)) {
      const records: LedgerRecord[] = [];
      decodeBatch(batch, reporter, false, (record) => {
        if (isSince(record, sinceMs)) records.push(record);
        return true;
      });
      yield* records;
    }
    reporter.finish();
  }

  async function tail(limit: number): Promise<LedgerRecord[]> {
    const found: LedgerRecord[] = [];
    if (limit === 0) return found;
    const reporter = createSkipReporter();
    for await (const batch of readLineBatchesBackwards(path)) {
      const more = decodeBatch(batch, reporter, true, (record) => found.push(record) < limit);
      if (!more) break;
    }
    reporter.finish();
    return found.reverse();
  }

  // The dashboard's index: built by the first aggregate(), then fed only the bytes appended since (by this or
  // any other process). A file that shrank (rotated, replaced) is indexed again from the start.
  let index = createAggregateIndex();
  let indexed = 0;
  let catchingUp: Promise<void> | undefined;

  async function catchUp(): Promise<void> {
    let size = 0;
    try {
      size = (await stat(path)).size;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    }
    if (size < indexed) {
      index = createAggregateIndex();
      indexed = 0;
    }
    if (size === indexed) return;
    const reporter = createSkipReporter();
    for await (const { text, end } of readWholeLines(path, indexed)) {
      let start = 0;
      for (;;) {
        let stop = text.indexOf('\n', start);
        const last = stop === -1;
        if (last) stop = text.length;
        const line = text.slice(start, stop);
        if (!isBlank(line)) {
          const record = parseLine(line);
          if (record === undefined) reporter.skip(undefined, false);
          else index.add(record);
        }
        if (last) break;
        start = stop + 1;
      }
      indexed = end;
    }
    reporter.finish();
  }

  return {
    path,
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
      let lineNumber = 1;
      for await (const { text, unterminated } of readTextChunks(path)) {
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
                reporter.skip(lineNumber, unterminated && last);
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
      reporter.finish();
      return accumulator.result() satisfies LedgerSummary;
    },
  };
}

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
