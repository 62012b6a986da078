import type { LedgerRecord, LedgerSummary, SpendBreakdown } from '@tokenwise/spec';

/** The model key of task spend that no entry accounts for. */
export const UNATTRIBUTED = '(unattributed)';

/** Accumulates a {@link LedgerSummary} one record at a time, in bounded memory. */
export interface SummaryAccumulator {
  add(record: LedgerRecord): void;
  /** Counts a skipped line. */
  skip(): void;
  /** The summary so far (a new object each call). */
  result(): LedgerSummary;
}

/**
 * An exact sum kept as a safe-integer number plus a bigint overflow: adding millions of pico amounts as bigints
 * is the slow part of a large summary, and a number is exact for every integer up to 2^53 - 1.
 */
interface ExactSum {
  small: number;
  big: bigint;
}

/** A breakdown slice while summing. */
interface SliceTally {
  spend: ExactSum;
  wasted: ExactSum;
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
}

/**
 * The attempts of one task, as found by a fast line reader: amounts are pico-dollars in safe integers (the
 * caller checks that), so no bigint is made per entry. Arrays are reused between lines; `length` is the count.
 */
export interface FastEntries {
  length: number;
  modelIds: string[];
  costs: number[];
  successes: boolean[];
  inputTokens: number[];
  outputTokens: number[];
}

/**
 * The accumulator used by file stores: {@link SummaryAccumulator} plus adds that take pico amounts as safe
 * integer numbers (|amount| < 2^53) already decoded from a line. Each add has exactly the effect of `add()` with
 * the equivalent record.
 */
export interface FastSummaryAccumulator extends SummaryAccumulator {
  /** An attempt or request record. */
  addCall(
    kind: 'attempt' | 'request',
    timestamp: string,
    source: string,
    modelId: string,
    cost: number,
    success: boolean,
    inputTokens: number,
    outputTokens: number,
  ): void;
  /** A task record. */
  addTask(
    timestamp: string,
    source: string,
    success: boolean,
    totalCost: number,
    plannerCost: number,
    wastedCost: number,
    entries: FastEntries,
  ): void;
}

/** Creates an empty {@link SummaryAccumulator}. */
export function createSummaryAccumulator(): FastSummaryAccumulator {
  const totalSpend = exactSum();
  const totalWasted = exactSum();
  const totalPlannerSpend = exactSum();
  const counts = {
    numTasks: 0,
    numSucceeded: 0,
    numFailed: 0,
    numRequests: 0,
    numRequestsFailed: 0,
    numCalls: 0,
    numUnpricedCalls: 0,
    skippedLines: 0,
  };
  const byModel = new Map<string, SliceTally>();
  const byDay = new Map<string, SliceTally>();
  const bySource = new Map<string, SliceTally>();
  // Stryker disable next-line StringLiteral: equivalent, the day cache only saves work.
  let lastStamp = '';
  let lastDay = 'unknown';
  // `YYYY-MM-DDT` of the last timestamp that matched UTC_STAMP, or '' when it did not.
  // Stryker disable next-line StringLiteral: equivalent, the day cache only saves work.
  let lastUtcPrefix = '';
  let lastDayBucket: SliceTally | undefined;

  const dayOf = (timestamp: string): string => {
    // Stryker disable next-line ConditionalExpression: equivalent, the day cache only saves work.
    if (timestamp === lastStamp) return lastDay;
    lastStamp = timestamp;
    // Consecutive records mostly share a day. A stamp with the same `YYYY-MM-DDT` as the last UTC one, ending
    // in `Z` with no `+` or `-` after the date, matches UTC_STAMP with the same day: no need to run it.
    if (
      lastUtcPrefix !== '' &&
      // Stryker disable next-line ArithmeticOperator: equivalent, the day cache only saves work.
      timestamp.charCodeAt(timestamp.length - 1) === 90 &&
      // Stryker disable next-line MethodExpression: equivalent, the day cache only saves work.
      timestamp.startsWith(lastUtcPrefix) &&
      // Stryker disable next-line StringLiteral,UnaryOperator: equivalent, the day cache only saves work.
      timestamp.indexOf('+', 11) === -1 &&
      // Stryker disable next-line StringLiteral,UnaryOperator: equivalent, the day cache only saves work.
      timestamp.indexOf('-', 11) === -1
    ) {
      return lastDay;
    }
    const utc = UTC_STAMP.exec(timestamp);
    // Stryker disable next-line MethodExpression,StringLiteral: equivalent, the day cache only saves work.
    lastUtcPrefix = utc ? timestamp.slice(0, 11) : '';
    lastDay = utc ? utc[1]! : utcDay(timestamp);
    lastDayBucket = undefined;
    return lastDay;
  };
  /** The day's slice; the last one is kept, since consecutive records mostly share a day. */
  const dayBucket = (timestamp: string): SliceTally => {
    const day = dayOf(timestamp);
    // Stryker disable next-line ConditionalExpression: equivalent, the day cache only saves work.
    if (lastDayBucket === undefined) lastDayBucket = bucket(byDay, day);
    return lastDayBucket;
  };

  // The bigint path (records from any source) and the number path (decoded lines) update the same sums in the
  // same order, so buckets appear in the same order and every figure is identical.
  const taskTotals = (
    day: SliceTally,
    source: SliceTally,
    success: boolean,
    total: number | bigint,
    planner: number | bigint,
    wasted: number | bigint,
  ) => {
    counts.numTasks++;
    if (success) counts.numSucceeded++;
    else counts.numFailed++;
    addExact(totalSpend, total);
    addExact(totalWasted, wasted);
    addExact(totalPlannerSpend, planner);
    // Day and source take the task's own totals, so they add up to totalSpend even for hand-edited files.
    addExact(day.spend, total);
    addExact(day.wasted, wasted);
    addExact(source.spend, total);
    addExact(source.wasted, wasted);
  };

  return {
    add(record) {
      const day = dayBucket(record.timestamp);
      const source = bucket(bySource, record.source ?? 'cli');
      if (record.kind !== 'task') {
        if (record.kind === 'request') {
          counts.numRequests++;
          if (!record.success) counts.numRequestsFailed++;
          return;
        }
        const wasted = record.success ? 0n : record.cost;
        addExact(totalSpend, record.cost);
        addExact(totalWasted, wasted);
        counts.numCalls++;
        if (record.costSource === 'unpriced') counts.numUnpricedCalls++;
        for (const slice of [day, source, bucket(byModel, record.modelId)]) {
          addCall(slice, record.cost, wasted, record.success, record.inputTokens, record.outputTokens);
        }
        return;
      }
      counts.numCalls += record.entries.length;
      let entriesSpend = 0n;
      let entriesWasted = 0n;
      for (const entry of record.entries) {
        const wasted = entry.success ? 0n : entry.cost;
        entriesSpend += entry.cost;
        entriesWasted += wasted;
        addCall(
          bucket(byModel, entry.modelId),
          entry.cost,
          wasted,
          entry.success,
          entry.inputTokens,
          entry.outputTokens,
        );
        addCall(day, 0, 0, entry.success, entry.inputTokens, entry.outputTokens);
        addCall(source, 0, 0, entry.success, entry.inputTokens, entry.outputTokens);
      }
      taskTotals(day, source, record.success, record.totalCost, record.plannerCost, record.wastedCost);
      const restSpend = record.totalCost - entriesSpend;
      const restWasted = record.wastedCost - entriesWasted;
      if (restSpend !== 0n || restWasted !== 0n) {
        const rest = bucket(byModel, UNATTRIBUTED);
        addExact(rest.spend, restSpend);
        addExact(rest.wasted, restWasted);
      }
    },
    addCall(kind, timestamp, sourceName, modelId, cost, success, inputTokens, outputTokens) {
      const day = dayBucket(timestamp);
      const source = bucket(bySource, sourceName);
      if (kind === 'request') {
        counts.numRequests++;
        if (!success) counts.numRequestsFailed++;
        return;
      }
      const wasted = success ? 0 : cost;
      addExact(totalSpend, cost);
      addExact(totalWasted, wasted);
      counts.numCalls++;
      addCall(day, cost, wasted, success, inputTokens, outputTokens);
      addCall(source, cost, wasted, success, inputTokens, outputTokens);
      addCall(bucket(byModel, modelId), cost, wasted, success, inputTokens, outputTokens);
    },
    addTask(timestamp, sourceName, success, totalCost, plannerCost, wastedCost, entries) {
      const day = dayBucket(timestamp);
      const source = bucket(bySource, sourceName);
      counts.numCalls += entries.length;
      // Entry sums stay exact: each cost is a safe integer, and a sum that leaves the safe range goes bigint.
      const entriesSpend = exactSum();
      const entriesWasted = exactSum();
      for (let i = 0; i < entries.length; i++) {
        const cost = entries.costs[i]!;
        const ok = entries.successes[i]!;
        const inputTokens = entries.inputTokens[i]!;
        const outputTokens = entries.outputTokens[i]!;
        const wasted = ok ? 0 : cost;
        addExact(entriesSpend, cost);
        addExact(entriesWasted, wasted);
        addCall(bucket(byModel, entries.modelIds[i]!), cost, wasted, ok, inputTokens, outputTokens);
        addCall(day, 0, 0, ok, inputTokens, outputTokens);
        addCall(source, 0, 0, ok, inputTokens, outputTokens);
      }
      taskTotals(day, source, success, totalCost, plannerCost, wastedCost);
      const restSpend = difference(totalCost, entriesSpend);
      const restWasted = difference(wastedCost, entriesWasted);
      if (!isZero(restSpend) || !isZero(restWasted)) {
        const rest = bucket(byModel, UNATTRIBUTED);
        addExact(rest.spend, restSpend);
        addExact(rest.wasted, restWasted);
      }
    },
    skip() {
      counts.skippedLines++;
    },
    result() {
      return {
        totalSpend: exactValue(totalSpend),
        totalWasted: exactValue(totalWasted),
        totalPlannerSpend: exactValue(totalPlannerSpend),
        numTasks: counts.numTasks,
        numSucceeded: counts.numSucceeded,
        numFailed: counts.numFailed,
        numRequests: counts.numRequests,
        numRequestsFailed: counts.numRequestsFailed,
        numCalls: counts.numCalls,
        numUnpricedCalls: counts.numUnpricedCalls,
        byModel: breakdowns(byModel),
        byDay: breakdowns(byDay),
        bySource: breakdowns(bySource),
        skippedLines: counts.skippedLines,
      };
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

function exactSum(): ExactSum {
  return { small: 0, big: 0n };
}

/** Adds exactly: a number must be a safe integer; the number part moves to the bigint before it could round. */
function addExact(sum: ExactSum, amount: number | bigint): void {
  if (typeof amount === 'bigint') {
    sum.big += amount;
    return;
  }
  const next = sum.small + amount;
  // Both operands are safe integers, so a result within the safe range is exact; outside it may have rounded.
  if (Number.isSafeInteger(next)) sum.small = next;
  else {
    sum.big += BigInt(sum.small) + BigInt(amount);
    sum.small = 0;
  }
}

function isZero(amount: number | bigint): boolean {
  return typeof amount === 'bigint' ? amount === 0n : amount === 0;
}

function exactValue(sum: ExactSum): bigint {
  return sum.big + BigInt(sum.small);
}

/** `total - sum` exactly, as a number when that is exact. */
function difference(total: number, sum: ExactSum): number | bigint {
  const rest = total - sum.small;
  return sum.big === 0n && Number.isSafeInteger(rest) ? rest : BigInt(total) - exactValue(sum);
}

function bucket(map: Map<string, SliceTally>, key: string): SliceTally {
  let slice = map.get(key);
  if (slice === undefined) {
    slice = {
      spend: exactSum(),
      wasted: exactSum(),
      calls: 0,
      failedCalls: 0,
      inputTokens: 0,
      outputTokens: 0,
    };
    map.set(key, slice);
  }
  return slice;
}

function addCall(
  slice: SliceTally,
  cost: number | bigint,
  wasted: number | bigint,
  success: boolean,
  inputTokens: number,
  outputTokens: number,
): void {
  addExact(slice.spend, cost);
  addExact(slice.wasted, wasted);
  slice.calls++;
  if (!success) slice.failedCalls++;
  slice.inputTokens += inputTokens;
  slice.outputTokens += outputTokens;
}

function breakdowns(map: Map<string, SliceTally>): Record<string, SpendBreakdown> {
  const out: Record<string, SpendBreakdown> = Object.create(null);
  for (const [key, slice] of map) {
    out[key] = {
      spend: exactValue(slice.spend),
      wasted: exactValue(slice.wasted),
      calls: slice.calls,
      failedCalls: slice.failedCalls,
      inputTokens: slice.inputTokens,
      outputTokens: slice.outputTokens,
    };
  }
  return out;
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
