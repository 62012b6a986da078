import type { PicoUsd } from '@tokenwise/spec';
import type { LedgerRecord } from './ledger-record.js';

/** Spend and call counts of one slice of the ledger (a model, a day or a source). */
export interface SpendBreakdown {
  /** Exact spend. */
  spend: PicoUsd;
  /** Exact spend on failed calls. */
  wasted: PicoUsd;
  /** LLM attempts. */
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * Ledger totals. The first six figures are the original's (`total_spend`, `total_wasted`,
 * `total_planner_spend`, `num_tasks`, `num_succeeded`, `num_failed`; the counts are of task records).
 * Spend counts task records' totals and attempt records; request records are roll-ups of attempts recorded on
 * their own and add to the request counts only. The breakdowns each add up to `totalSpend` exactly.
 */
export interface LedgerSummary {
  totalSpend: PicoUsd;
  totalWasted: PicoUsd;
  totalPlannerSpend: PicoUsd;
  numTasks: number;
  numSucceeded: number;
  numFailed: number;
  /** Request records (proxy requests, grouped library calls). */
  numRequests: number;
  numRequestsFailed: number;
  /** LLM attempts: task entries plus attempt records. */
  numCalls: number;
  /** By model id. Task spend not attributable to an entry (e.g. the original's planner cost) is under `(unattributed)`. */
  byModel: Record<string, SpendBreakdown>;
  /** By UTC day, `YYYY-MM-DD` (`unknown` for a missing or unreadable timestamp). */
  byDay: Record<string, SpendBreakdown>;
  /** By source; records without one (the original's) are under `cli`, the only writer the original had. */
  bySource: Record<string, SpendBreakdown>;
  /** Lines skipped because they were torn or invalid (set by file stores). */
  skippedLines: number;
}

/** The model key of task spend that no entry accounts for. */
export const UNATTRIBUTED = '(unattributed)';

/** Accumulates a {@link LedgerSummary} one record at a time, in bounded memory. */
export interface SummaryAccumulator {
  add(record: LedgerRecord): void;
  /** Counts a skipped line. */
  skip(): void;
  result(): LedgerSummary;
}

/** Creates an empty {@link SummaryAccumulator}. */
export function createSummaryAccumulator(): SummaryAccumulator {
  const summary: LedgerSummary = {
    totalSpend: 0n,
    totalWasted: 0n,
    totalPlannerSpend: 0n,
    numTasks: 0,
    numSucceeded: 0,
    numFailed: 0,
    numRequests: 0,
    numRequestsFailed: 0,
    numCalls: 0,
    byModel: Object.create(null),
    byDay: Object.create(null),
    bySource: Object.create(null),
    skippedLines: 0,
  };
  let lastStamp = '';
  let lastDay = 'unknown';

  const dayOf = (timestamp: string): string => {
    // Consecutive records mostly share a day; cache the last conversion.
    if (timestamp !== lastStamp) {
      lastStamp = timestamp;
      lastDay = utcDay(timestamp);
    }
    return lastDay;
  };

  return {
    add(record) {
      const day = bucket(summary.byDay, dayOf(record.timestamp));
      const source = bucket(summary.bySource, record.source ?? 'cli');
      if (record.kind !== 'task') {
        if (record.kind === 'request') {
          summary.numRequests++;
          if (!record.success) summary.numRequestsFailed++;
          return;
        }
        summary.totalSpend += record.cost;
        const wasted = record.success ? 0n : record.cost;
        summary.totalWasted += wasted;
        summary.numCalls++;
        for (const slice of [day, source, bucket(summary.byModel, record.modelId)]) {
          addCall(slice, record.cost, wasted, record.success, record.inputTokens, record.outputTokens);
        }
        return;
      }
      summary.numTasks++;
      if (record.success) summary.numSucceeded++;
      else summary.numFailed++;
      summary.totalSpend += record.totalCost;
      summary.totalWasted += record.wastedCost;
      summary.totalPlannerSpend += record.plannerCost;
      summary.numCalls += record.entries.length;
      let entriesSpend = 0n;
      let entriesWasted = 0n;
      for (const entry of record.entries) {
        const wasted = entry.success ? 0n : entry.cost;
        entriesSpend += entry.cost;
        entriesWasted += wasted;
        const model = bucket(summary.byModel, entry.modelId);
        addCall(model, entry.cost, wasted, entry.success, entry.inputTokens, entry.outputTokens);
        addCall(day, 0n, 0n, entry.success, entry.inputTokens, entry.outputTokens);
        addCall(source, 0n, 0n, entry.success, entry.inputTokens, entry.outputTokens);
      }
      // Day and source take the task's own totals, so they add up to totalSpend even for hand-edited files.
      for (const slice of [day, source]) {
        slice.spend += record.totalCost;
        slice.wasted += record.wastedCost;
      }
      const restSpend = record.totalCost - entriesSpend;
      const restWasted = record.wastedCost - entriesWasted;
      if (restSpend !== 0n || restWasted !== 0n) {
        const rest = bucket(summary.byModel, UNATTRIBUTED);
        rest.spend += restSpend;
        rest.wasted += restWasted;
      }
    },
    skip() {
      summary.skippedLines++;
    },
    result() {
      return summary;
    },
  };
}

/** Summarises records from any (async) iterable in one pass and bounded memory. */
export async function summarizeRecords(
  records: Iterable<LedgerRecord> | AsyncIterable<LedgerRecord>,
): Promise<LedgerSummary> {
  const accumulator = createSummaryAccumulator();
  for await (const record of records) accumulator.add(record);
  return accumulator.result();
}

function bucket(map: Record<string, SpendBreakdown>, key: string): SpendBreakdown {
  let slice = map[key];
  if (slice === undefined) {
    slice = { spend: 0n, wasted: 0n, calls: 0, failedCalls: 0, inputTokens: 0, outputTokens: 0 };
    map[key] = slice;
  }
  return slice;
}

function addCall(
  slice: SpendBreakdown,
  cost: PicoUsd,
  wasted: PicoUsd,
  success: boolean,
  inputTokens: number,
  outputTokens: number,
): void {
  slice.spend += cost;
  slice.wasted += wasted;
  slice.calls++;
  if (!success) slice.failedCalls++;
  slice.inputTokens += inputTokens;
  slice.outputTokens += outputTokens;
}

const UTC_STAMP = /^(\d{4}-\d{2}-\d{2})T[^+-]*(?:Z|[+-]00:?00)$/;

/** The UTC calendar day of an ISO 8601 timestamp, or `unknown`. */
export function utcDay(timestamp: string): string {
  const utc = UTC_STAMP.exec(timestamp);
  if (utc) return utc[1]!;
  const ms = timestampMs(timestamp);
  return Number.isNaN(ms) ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch of an ISO 8601 timestamp (microseconds allowed), or NaN. */
export function timestampMs(timestamp: string): number {
  return Date.parse(timestamp);
}
