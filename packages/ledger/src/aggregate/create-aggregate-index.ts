import type {
  AggregateSeriesPoint,
  AggregateSlice,
  LedgerAggregate,
  LedgerAggregateQuery,
  LedgerRecord,
  RoutedAttempt,
  TracedRequest,
} from '@tokenwise/spec';
import { timestampMs, UNATTRIBUTED } from '../summarize-records.js';
import { type CheckedAggregateQuery, checkAggregateQuery } from './check-aggregate-query.js';
import { addExact, type ExactSum, exactSum, exactValue } from './exact-sum.js';

/** The slice name of records without a key or team. */
export const NO_SCOPE = '(none)';

/**
 * Ledger records held as columns (typed arrays and interned strings, about 60 bytes a record) so that any range
 * and filter is aggregated by one scan without parsing anything again. Records are added as they are read or
 * appended; queries never change the index.
 */
export interface AggregateIndex {
  /** Adds one record (a task adds one row per entry plus one for its unattributed rest). */
  add(record: LedgerRecord): void;
  /** Aggregates the records added so far. @throws InvalidArgumentError for a bad query. */
  query(query?: LedgerAggregateQuery): LedgerAggregate;
  /** Rows held (attempts, requests, task entries and task rests). */
  readonly size: number;
  /** The index as plain data (columns share memory with the index: encode it before adding more). */
  snapshot(): AggregateIndexData;
}

/** The columns of an {@link AggregateIndex}, one entry per row (typed arrays at least `size` long). */
export interface AggregateIndexColumns {
  kind: Uint8Array;
  flags: Uint8Array;
  time: Float64Array;
  cost: Float64Array;
  inputTokens: Float64Array;
  outputTokens: Float64Array;
  model: Int32Array;
  key: Int32Array;
  team: Int32Array;
  outcome: Int32Array;
  extra: Int32Array;
  strategy: Int32Array;
  status: Uint16Array;
  attempt: Uint16Array;
  hashA: Int32Array;
  hashB: Int32Array;
}

/** Everything an {@link AggregateIndex} holds, to save it and to restore it with `createAggregateIndex(data)`. */
export interface AggregateIndexData {
  size: number;
  columns: AggregateIndexColumns;
  /** Interned strings; columns hold their positions (-1 for none). */
  strings: string[];
  /** Costs that are not safe integers: row and decimal pico-dollars. */
  bigCosts: [number, string][];
  /** The request id of each request row, in row order (null when the record had none). */
  requestIds: (string | null)[];
  /** Request rows whose models tried are not just the model used. */
  modelsTried: [number, string[]][];
}

/** Names of the columns, in the order they are saved. */
export const AGGREGATE_INDEX_COLUMNS = [
  'kind',
  'flags',
  'time',
  'cost',
  'inputTokens',
  'outputTokens',
  'model',
  'key',
  'team',
  'outcome',
  'extra',
  'strategy',
  'status',
  'attempt',
  'hashA',
  'hashB',
] as const satisfies readonly (keyof AggregateIndexColumns)[];

const KIND_ATTEMPT = 0;
const KIND_REQUEST = 1;
const KIND_ENTRY = 2;
/** A task's spend not carried by an entry; also marks the task as one record. */
const KIND_REST = 3;

const FLAG_SUCCESS = 1;
const FLAG_FAILED = 2;
const FLAG_FAILOVER = 4;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface SliceTally {
  spend: ExactSum;
  requests: number;
  failedRequests: number;
  failoverRequests: number;
  attempts: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
}

interface PointTally {
  start: number;
  spend: ExactSum;
  byModel: Map<number, ExactSum>;
  requests: number;
  failedRequests: number;
  failoverRequests: number;
}

/**
 * Creates an {@link AggregateIndex}: empty, or holding `data` (a snapshot, e.g. read back from disk). Runtime-neutral:
 * stores feed it from files, databases or memory.
 */
export function createAggregateIndex(data?: AggregateIndexData): AggregateIndex {
  const strings: string[] = data === undefined ? [] : [...data.strings];
  const stringIds = new Map<string, number>();
  for (const [id, value] of strings.entries()) stringIds.set(value, id);
  const intern = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let id = stringIds.get(value);
    if (id === undefined) {
      id = strings.length;
      const own = ownString(value);
      strings.push(own);
      stringIds.set(own, id);
    }
    return id;
  };

  const restored = data?.columns;
  let size = data?.size ?? 0;
  let kind = restored?.kind ?? new Uint8Array(0);
  let flags = restored?.flags ?? new Uint8Array(0);
  let time = restored?.time ?? new Float64Array(0);
  let cost = restored?.cost ?? new Float64Array(0);
  let inputTokens = restored?.inputTokens ?? new Float64Array(0);
  let outputTokens = restored?.outputTokens ?? new Float64Array(0);
  let model = restored?.model ?? new Int32Array(0);
  let key = restored?.key ?? new Int32Array(0);
  let team = restored?.team ?? new Int32Array(0);
  let outcome = restored?.outcome ?? new Int32Array(0);
  let extra = restored?.extra ?? new Int32Array(0); // requests: model asked; attempts: attempt kind
  let strategy = restored?.strategy ?? new Int32Array(0);
  let status = restored?.status ?? new Uint16Array(0);
  let attempt = restored?.attempt ?? new Uint16Array(0);
  let hashA = restored?.hashA ?? new Int32Array(0);
  let hashB = restored?.hashB ?? new Int32Array(0);
  let capacity = kind.length;
  /** Costs that are not safe integers (a record above ~9,007 USD), by row; the cost column holds NaN. */
  const bigCosts = new Map<number, bigint>(data?.bigCosts.map(([row, amount]) => [row, BigInt(amount)]));
  /** The request id of each request row, in row order (dense, so a restored index needs no pass over rows). */
  const requestIds: (string | null)[] = data === undefined ? [] : [...data.requestIds];
  /** Request rows whose models tried are not just the model used. */
  const modelsTried = new Map<number, string[]>(data?.modelsTried);

  // Restored columns may be views on the saved file's bytes, exactly `size` long: the first record added after a
  // restart copies them out with room for an eighth more rows rather than doubling every column.
  const restoredRows = data === undefined ? -1 : size;
  const grow = () => {
    capacity =
      capacity === restoredRows ? capacity + Math.max(1024, capacity >> 3) : Math.max(1024, capacity * 2);
    const more = <T extends { length: number; set(a: ArrayLike<number>): void }>(
      old: T,
      make: new (n: number) => T,
    ): T => {
      const next = new make(capacity);
      next.set(old);
      return next;
    };
    kind = more(kind, Uint8Array);
    flags = more(flags, Uint8Array);
    time = more(time, Float64Array);
    cost = more(cost, Float64Array);
    inputTokens = more(inputTokens, Float64Array);
    outputTokens = more(outputTokens, Float64Array);
    model = more(model, Int32Array);
    key = more(key, Int32Array);
    team = more(team, Int32Array);
    outcome = more(outcome, Int32Array);
    extra = more(extra, Int32Array);
    strategy = more(strategy, Int32Array);
    status = more(status, Uint16Array);
    attempt = more(attempt, Uint16Array);
    hashA = more(hashA, Int32Array);
    hashB = more(hashB, Int32Array);
  };

  const row = (
    rowKind: number,
    ms: number,
    modelId: string,
    amount: bigint,
    rowFlags: number,
    tokensIn: number,
    tokensOut: number,
  ): number => {
    if (size === capacity) grow();
    const r = size++;
    kind[r] = rowKind;
    time[r] = ms;
    model[r] = intern(modelId);
    const small = Number(amount);
    if (Number.isSafeInteger(small)) cost[r] = small;
    else {
      cost[r] = Number.NaN;
      bigCosts.set(r, amount);
    }
    flags[r] = rowFlags;
    inputTokens[r] = tokensIn;
    outputTokens[r] = tokensOut;
    key[r] = -1;
    team[r] = -1;
    outcome[r] = -1;
    extra[r] = -1;
    strategy[r] = -1;
    status[r] = 0;
    attempt[r] = 0;
    hashA[r] = 0;
    hashB[r] = 0;
    return r;
  };

  const amountAt = (r: number): number | bigint => {
    const small = cost[r]!;
    return Number.isNaN(small) ? bigCosts.get(r)! : small;
  };

  function add(record: LedgerRecord): void {
    const ms = timestampMs(record.timestamp);
    if (record.kind === 'task') {
      let entries = 0n;
      for (const entry of record.entries) {
        entries += entry.cost;
        row(
          KIND_ENTRY,
          ms,
          entry.modelId,
          entry.cost,
          entry.success ? FLAG_SUCCESS : FLAG_FAILED,
          entry.inputTokens,
          entry.outputTokens,
        );
      }
      row(
        KIND_REST,
        ms,
        UNATTRIBUTED,
        record.totalCost - entries,
        record.success ? FLAG_SUCCESS : FLAG_FAILED,
        0,
        0,
      );
      return;
    }
    const failed = record.outcome === undefined ? !record.success : record.outcome !== 'ok';
    let rowFlags = (record.success ? FLAG_SUCCESS : 0) | (failed ? FLAG_FAILED : 0);
    const isRequest = record.kind === 'request';
    const tried = record.modelsTried;
    if (isRequest && tried !== undefined && triedSeveral(tried)) rowFlags |= FLAG_FAILOVER;
    const r = row(
      isRequest ? KIND_REQUEST : KIND_ATTEMPT,
      ms,
      record.modelId,
      record.cost,
      rowFlags,
      record.inputTokens,
      record.outputTokens,
    );
    key[r] = intern(record.keyId);
    team[r] = intern(record.teamId);
    outcome[r] = intern(record.outcome);
    strategy[r] = intern(record.strategy);
    if (record.status !== undefined && record.status > 0 && record.status < 65_536) status[r] = record.status;
    if (record.attempt !== undefined && record.attempt > 0 && record.attempt < 65_536)
      attempt[r] = record.attempt;
    extra[r] = intern(isRequest ? record.modelAsked : record.attemptKind);
    if (record.requestId !== undefined) {
      hashA[r] = hash32(record.requestId, 0x811c9dc5, 0x01000193);
      hashB[r] = hash32(record.requestId, 0x9747b28c, 0x5bd1e995);
    }
    if (isRequest) requestIds.push(record.requestId === undefined ? null : ownString(record.requestId));
    if (isRequest && tried !== undefined && !(tried.length === 1 && tried[0] === record.modelId)) {
      modelsTried.set(r, [...tried]);
    }
  }

  function query(input?: LedgerAggregateQuery): LedgerAggregate {
    const q = checkAggregateQuery(input);
    const width = q.bucket === 'hour' ? HOUR_MS : DAY_MS;
    const filterId = (value: string | undefined) =>
      value === undefined ? undefined : (stringIds.get(value) ?? -2);
    const keyFilter = filterId(q.keyId);
    const teamFilter = filterId(q.teamId);
    const modelFilter = filterId(q.modelId);
    const bounded = q.sinceMs !== undefined || q.untilMs !== undefined;
    const since = q.sinceMs ?? Number.NEGATIVE_INFINITY;
    const until = q.untilMs ?? Number.POSITIVE_INFINITY;

    const totals = sliceTally();
    const byModel: (SliceTally | undefined)[] = [];
    const byKey: (SliceTally | undefined)[] = [];
    const byTeam: (SliceTally | undefined)[] = [];
    const points = new Map<number, PointTally>();
    let point: PointTally | undefined;
    let records = 0;
    const top = createTopList(q.top, amountAt);

    for (let r = 0; r < size; r++) {
      const ms = time[r]!;
      if (bounded && !(ms >= since && ms < until)) continue;
      if (keyFilter !== undefined && key[r] !== keyFilter) continue;
      if (teamFilter !== undefined && team[r] !== teamFilter) continue;
      const rowKind = kind[r]!;
      if (rowKind !== KIND_ENTRY) records++;
      if (modelFilter !== undefined && model[r] !== modelFilter) continue;

      const modelSlice = sliceAt(byModel, model[r]!);
      const keySlice = sliceAt(byKey, key[r]!);
      const teamSlice = sliceAt(byTeam, team[r]!);
      if (!Number.isNaN(ms)) {
        const start = Math.floor(ms / width) * width;
        if (point === undefined || point.start !== start) {
          point = points.get(start);
          if (point === undefined) {
            point = {
              start,
              spend: exactSum(),
              byModel: new Map(),
              requests: 0,
              failedRequests: 0,
              failoverRequests: 0,
            };
            points.set(start, point);
          }
        }
      }
      const rowFlags = flags[r]!;
      if (rowKind === KIND_REQUEST) {
        const failed = (rowFlags & FLAG_FAILED) !== 0;
        const failover = (rowFlags & FLAG_FAILOVER) !== 0;
        countRequest(totals, failed, failover);
        countRequest(modelSlice, failed, failover);
        countRequest(keySlice, failed, failover);
        countRequest(teamSlice, failed, failover);
        if (point !== undefined && !Number.isNaN(ms)) countRequest(point, failed, failover);
        top.offer(r);
        continue;
      }
      const amount = amountAt(r);
      if (kind[r] === KIND_REST) {
        addExact(totals.spend, amount);
        addExact(modelSlice.spend, amount);
        addExact(keySlice.spend, amount);
        addExact(teamSlice.spend, amount);
      } else {
        const failed = (rowFlags & FLAG_FAILED) !== 0;
        const tokensIn = inputTokens[r]!;
        const tokensOut = outputTokens[r]!;
        countCall(totals, amount, failed, tokensIn, tokensOut);
        countCall(modelSlice, amount, failed, tokensIn, tokensOut);
        countCall(keySlice, amount, failed, tokensIn, tokensOut);
        countCall(teamSlice, amount, failed, tokensIn, tokensOut);
      }
      if (point !== undefined && !Number.isNaN(ms)) {
        addExact(point.spend, amount);
        let modelSum = point.byModel.get(model[r]!);
        if (modelSum === undefined) {
          modelSum = exactSum();
          point.byModel.set(model[r]!, modelSum);
        }
        addExact(modelSum, amount);
      }
    }

    const named = (list: (SliceTally | undefined)[]) => {
      const entries: [string, SliceTally][] = [];
      list.forEach((slice, at) => {
        if (slice !== undefined) entries.push([at === 0 ? NO_SCOPE : strings[at - 1]!, slice]);
      });
      return slicesBySpend(entries);
    };

    const series: AggregateSeriesPoint[] = [...points.values()]
      .sort((a, b) => a.start - b.start)
      .map((p) => {
        const modelSpend: Record<string, bigint> = {};
        for (const [id, sum] of p.byModel) modelSpend[strings[id]!] = exactValue(sum);
        return {
          start: new Date(p.start).toISOString(),
          spend: exactValue(p.spend),
          byModel: modelSpend,
          requests: p.requests,
          failedRequests: p.failedRequests,
          failoverRequests: p.failoverRequests,
        };
      });

    return {
      ...(q.sinceMs === undefined ? {} : { since: new Date(q.sinceMs).toISOString() }),
      ...(q.untilMs === undefined ? {} : { until: new Date(q.untilMs).toISOString() }),
      bucket: q.bucket,
      totals: sliceValue(totals),
      series,
      byModel: named(byModel),
      byKey: named(byKey),
      byTeam: named(byTeam),
      topRequests: traceRequests(top.rows()),
      records,
    };
  }

  /** The routing traces of request rows: their attempts are found by request id hash, then checked. */
  function traceRequests(rows: number[]): TracedRequest[] {
    const wanted = new Map<number, number[]>();
    rows.forEach((r, i) => {
      const list = wanted.get(hashA[r]!);
      if (list === undefined) wanted.set(hashA[r]!, [i]);
      else list.push(i);
    });
    const found: number[][] = rows.map(() => []);
    if (wanted.size > 0) {
      for (let r = 0; r < size; r++) {
        if (kind[r] !== KIND_ATTEMPT) continue;
        const matches = wanted.get(hashA[r]!);
        if (matches === undefined) continue;
        for (const i of matches) if (hashB[r] === hashB[rows[i]!]) found[i]!.push(r);
      }
    }
    // Request ids are kept in request-row order: count request rows to find each wanted row's place.
    const place = new Map<number, number>(rows.map((r) => [r, -1]));
    const last = Math.max(-1, ...rows);
    for (let r = 0, requests = 0; r <= last; r++) {
      if (kind[r] !== KIND_REQUEST) continue;
      if (place.has(r)) place.set(r, requests);
      requests++;
    }
    return rows.map((r, i) => {
      // Attempt numbers order them when both have one; otherwise the order they were written in.
      const attempts = found[i]!.sort((a, b) =>
        attempt[a]! && attempt[b]! ? attempt[a]! - attempt[b]! : a - b,
      ).map(toAttempt);
      const used = strings[model[r]!]!;
      const traced: TracedRequest = {
        // A request written without an id has none here either.
        requestId: (requestIds[place.get(r)!] ?? undefined) as string,
        timestamp: Number.isNaN(time[r]!) ? 'unknown' : new Date(time[r]!).toISOString(),
        modelUsed: used,
        outcome: outcomeOf(r),
        cost: BigInt(amountAt(r)),
        modelsTried: modelsTried.get(r) ?? [used],
        attempts,
      };
      optional(traced, 'modelAsked', extra[r]!);
      optional(traced, 'strategy', strategy[r]!);
      optional(traced, 'keyId', key[r]!);
      optional(traced, 'teamId', team[r]!);
      if (status[r]! > 0) traced.status = status[r]!;
      return traced;
    });
  }

  function toAttempt(r: number): RoutedAttempt {
    const routed: RoutedAttempt = {
      modelId: strings[model[r]!]!,
      outcome: outcomeOf(r),
      cost: BigInt(amountAt(r)),
    };
    if (attempt[r]! > 0) routed.attempt = attempt[r]!;
    optional(routed, 'attemptKind', extra[r]!);
    if (status[r]! > 0) routed.status = status[r]!;
    return routed;
  }

  function outcomeOf(r: number): string {
    const id = outcome[r]!;
    if (id !== -1) return strings[id]!;
    return (flags[r]! & FLAG_SUCCESS) !== 0 ? 'ok' : 'error';
  }

  function optional<T extends object>(target: T, name: keyof T & string, id: number): void {
    if (id !== -1) (target as Record<string, unknown>)[name] = strings[id];
  }

  function snapshot(): AggregateIndexData {
    return {
      size,
      columns: {
        kind,
        flags,
        time,
        cost,
        inputTokens,
        outputTokens,
        model,
        key,
        team,
        outcome,
        extra,
        strategy,
        status,
        attempt,
        hashA,
        hashB,
      },
      strings: [...strings],
      bigCosts: [...bigCosts].map(([row, amount]) => [row, amount.toString()]),
      requestIds: [...requestIds],
      modelsTried: [...modelsTried],
    };
  }

  return {
    add,
    query,
    snapshot,
    get size() {
      return size;
    },
  };
}

/**
 * A copy of `text` that holds no reference to a larger string. Records decoded in place (`decodeCallLine`) carry
 * substrings of a 1 MiB chunk of the file, and keeping one of them would keep the whole chunk alive: the index keeps
 * a request id per request. Concatenating, then slicing, makes V8 flatten the text into a string of its own.
 */
function ownString(text: string): string {
  return ` ${text}`.slice(1);
}

/** True when a request tried more than one distinct model (without a Set per record: most tried one). */
function triedSeveral(tried: readonly string[]): boolean {
  for (let i = 1; i < tried.length; i++) if (tried[i] !== tried[0]) return true;
  return false;
}

/** The N rows of highest cost offered, kept sorted (N is small: a linear insert beats a heap). */
function createTopList(limit: number, amountAt: (row: number) => number | bigint) {
  const rows: number[] = [];
  const costs: number[] = [];
  return {
    offer(row: number) {
      if (limit === 0) return;
      const amount = Number(amountAt(row));
      if (rows.length === limit && amount <= costs[limit - 1]!) return;
      let at = rows.length === limit ? limit - 1 : rows.length;
      while (at > 0 && costs[at - 1]! < amount) {
        if (at < limit) {
          rows[at] = rows[at - 1]!;
          costs[at] = costs[at - 1]!;
        }
        at--;
      }
      rows[at] = row;
      costs[at] = amount;
    },
    rows: () => rows,
  };
}

/** The slice of interned id `id` (-1, absent, is `(none)`), kept at `id + 1`. */
function sliceAt(list: (SliceTally | undefined)[], id: number): SliceTally {
  let slice = list[id + 1];
  if (slice === undefined) {
    slice = sliceTally();
    list[id + 1] = slice;
  }
  return slice;
}

function countRequest(
  slice: Pick<SliceTally, 'requests' | 'failedRequests' | 'failoverRequests'>,
  failed: boolean,
  failover: boolean,
): void {
  slice.requests++;
  if (failed) slice.failedRequests++;
  if (failover) slice.failoverRequests++;
}

function countCall(
  slice: SliceTally,
  amount: number | bigint,
  failed: boolean,
  tokensIn: number,
  tokensOut: number,
): void {
  addExact(slice.spend, amount);
  slice.attempts++;
  if (failed) slice.failedAttempts++;
  slice.inputTokens += tokensIn;
  slice.outputTokens += tokensOut;
}

function sliceTally(): SliceTally {
  return {
    spend: exactSum(),
    requests: 0,
    failedRequests: 0,
    failoverRequests: 0,
    attempts: 0,
    failedAttempts: 0,
    inputTokens: 0,
    outputTokens: 0,
  };
}

function sliceValue(slice: SliceTally): AggregateSlice {
  return { ...slice, spend: exactValue(slice.spend) };
}

/** Slices as a record ordered by spend, highest first (then by name), for display. */
function slicesBySpend(entries: [string, SliceTally][]): Record<string, AggregateSlice> {
  const values = entries.map(([name, slice]) => [name, sliceValue(slice)] as const);
  values.sort(([a, x], [b, y]) => (x.spend === y.spend ? (a < b ? -1 : 1) : x.spend > y.spend ? -1 : 1));
  const out: Record<string, AggregateSlice> = Object.create(null);
  for (const [name, slice] of values) out[name] = slice;
  return out;
}

/**
 * A 32-bit FNV-1a-style hash over UTF-16 code units. Two of them with different seeds and multipliers make a
 * 64-bit fingerprint: attempts are linked to a traced request by it, so no request id string is kept per attempt.
 */
function hash32(text: string, seed: number, multiplier: number): number {
  let hash = seed | 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, multiplier);
  }
  return hash;
}

export type { CheckedAggregateQuery };
