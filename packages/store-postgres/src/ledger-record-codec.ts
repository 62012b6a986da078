import type { LedgerRecord } from '@tokenwise/spec';

/** The columns of `ledger_records` derived from a record; the record itself is kept whole as JSON. */
export interface LedgerRow {
  kind: string;
  ts: string;
  tsMs: number | null;
  day: string;
  source: string;
  modelId: string | null;
  success: boolean;
  cost: bigint;
  totalCost: bigint;
  plannerCost: bigint;
  wastedCost: bigint;
  entriesCost: bigint;
  entriesWasted: bigint;
  inputTokens: number;
  outputTokens: number;
  keyId: string | null;
  teamId: string | null;
  requestId: string | null;
  json: string;
}

const PICO_TAG = '$tw:pico';
const OBJECT_TAG = '$tw:object';

/**
 * JSON with exact amounts: a bigint becomes `{"$tw:pico":"<digits>"}`. A record's own object whose only key starts
 * with `$tw:` (inside an opaque routing trace) is wrapped in `{"$tw:object": …}`, so nothing a caller writes can be
 * mistaken for a tag: every record reads back identical.
 */
export function encodeRecordJson(record: LedgerRecord): string {
  return JSON.stringify(encodeValue(record));
}

/** The inverse of {@link encodeRecordJson}. */
export function decodeRecordJson(text: string): LedgerRecord {
  return decodeValue(JSON.parse(text)) as LedgerRecord;
}

function encodeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return { [PICO_TAG]: value.toString() };
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return encodeValue((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return value.map(encodeValue);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== undefined) out[key] = encodeValue(child);
  const keys = Object.keys(out);
  return keys.length === 1 && keys[0]!.startsWith('$tw:') ? { [OBJECT_TAG]: out } : out;
}

function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === PICO_TAG) return BigInt(object[PICO_TAG] as string);
  if (keys.length === 1 && keys[0] === OBJECT_TAG)
    return decodeChildren(object[OBJECT_TAG] as Record<string, unknown>);
  return decodeChildren(object);
}

function decodeChildren(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) out[key] = decodeValue(child);
  return out;
}

/**
 * The row of a record: the figures the SQL summary adds up, classified exactly as `summarizeRecords` of
 * `@tokenwise/ledger` does (source `cli` when absent; the UTC day of the timestamp or `unknown`).
 */
export function toLedgerRow(record: LedgerRecord): LedgerRow {
  const tsMs = Date.parse(record.timestamp);
  const row: LedgerRow = {
    kind: record.kind,
    ts: record.timestamp,
    tsMs: Number.isNaN(tsMs) ? null : tsMs,
    day: utcDayOf(record.timestamp, tsMs),
    source: record.source ?? 'cli',
    modelId: null,
    success: record.success,
    cost: 0n,
    totalCost: 0n,
    plannerCost: 0n,
    wastedCost: 0n,
    entriesCost: 0n,
    entriesWasted: 0n,
    inputTokens: 0,
    outputTokens: 0,
    keyId: null,
    teamId: null,
    requestId: null,
    json: encodeRecordJson(record),
  };
  if (record.kind === 'task') {
    row.totalCost = record.totalCost;
    row.plannerCost = record.plannerCost;
    row.wastedCost = record.wastedCost;
    for (const entry of record.entries) {
      row.entriesCost += entry.cost;
      if (!entry.success) row.entriesWasted += entry.cost;
    }
    return row;
  }
  row.modelId = record.modelId;
  row.cost = record.cost;
  row.inputTokens = record.inputTokens;
  row.outputTokens = record.outputTokens;
  row.keyId = record.keyId ?? null;
  row.teamId = record.teamId ?? null;
  row.requestId = record.requestId ?? null;
  return row;
}

const UTC_STAMP = /^(\d{4}-\d{2}-\d{2})T[^+-]*(?:Z|[+-]00:?00)$/;

/** The UTC calendar day of a timestamp as the JSONL ledger's summaries define it. */
function utcDayOf(timestamp: string, ms: number): string {
  const utc = UTC_STAMP.exec(timestamp);
  if (utc) return utc[1]!;
  return Number.isNaN(ms) ? 'unknown' : new Date(ms).toISOString().slice(0, 10);
}
