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

/** JSON with exact amounts: a bigint becomes `{"$pico":"<digits>"}`, so every record reads back identical. */
export function encodeRecordJson(record: LedgerRecord): string {
  return JSON.stringify(record, (_key, value) =>
    typeof value === 'bigint' ? { $pico: value.toString() } : value,
  );
}

/** The inverse of {@link encodeRecordJson}. */
export function decodeRecordJson(text: string): LedgerRecord {
  return JSON.parse(text, (_key, value) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$pico' && typeof value.$pico === 'string')
        return BigInt(value.$pico);
    }
    return value;
  }) as LedgerRecord;
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
