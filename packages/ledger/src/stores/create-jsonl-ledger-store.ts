import type {
  LedgerReadOptions,
  LedgerRecord,
  LedgerStore,
  LedgerSummary,
  LedgerWarning,
} from '@tokenwise/spec';
import { LedgerWriteError } from '../errors/ledger-write-error.js';
import { decodeLedgerRecord } from '../ledger-record-schema.js';
import { checkReadOptions, isSince, lastItems } from '../read-options.js';
import { serializeLedgerRecord } from '../serialize-ledger-record.js';
import { createSummaryAccumulator } from '../summarize-records.js';
import { callsLedgerPath } from './calls-ledger-path.js';
import { createFastLineSummarizer } from './create-fast-line-summarizer.js';
import { createFilesIndex, type SkipReporter } from './create-files-index.js';
import { createLineAppender, type LineAppender } from './create-line-appender.js';
import { mergeByTime } from './merge-by-time.js';
import { aggregateIndexPath } from './persisted-aggregate-index.js';
import { readLineBatches, readLineBatchesBackwards } from './read-line-batches.js';
import { readTextChunks } from './read-text-chunks.js';

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

  async function* forwardFile(
    file: string,
    sinceMs: number | undefined,
    reporter: SkipReporter,
  ): AsyncGenerator<LedgerRecord> {
    for await (const { lines, firstLine, unterminated } of readLineBatches(file)) {
      const records: LedgerRecord[] = [];
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!;
        if (isBlank(text)) continue;
        const record = parseLine(text);
        if (record === undefined) reporter.skip(file, firstLine + i, unterminated && i === lines.length - 1);
        else if (isSince(record, sinceMs)) records.push(record);
      }
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

  // The dashboard's index over both files (saved beside the ledger unless indexPath is false).
  const filesIndex = createFilesIndex({
    files,
    indexPath: options.indexPath === undefined ? aggregateIndexPath(path) : options.indexPath,
    indexSaveBytes: options.indexSaveBytes ?? 1 << 20,
    decodeLine: parseLine,
    isBlank,
    createSkipReporter,
    onWarning,
  });

  return {
    path,
    callsPath,
    async aggregate(query) {
      return (await filesIndex.catchUp()).query(query);
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
