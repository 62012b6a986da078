/**
 * The original Python TokenWise's ledger reader, modelled from its documented behaviour (spec §7.2), so tests can
 * check what it would show for a file we wrote. `load(limit)`: every non-blank line (after `strip()`) that
 * `json.loads` accepts, malformed ones skipped; the last `limit` records, `limit = 0` meaning all.
 */
export function loadOriginalLedger(text: string, limit = 50): unknown[] {
  const records: unknown[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // The original logs a warning and goes on.
    }
  }
  return limit === 0 ? records : records.slice(-limit);
}

/** What the original's `summary()` returns (its `ledger --summary` prints these). */
export interface OriginalLedgerSummary {
  total_spend: number;
  total_wasted: number;
  total_planner_spend: number;
  num_tasks: number;
  num_succeeded: number;
  num_failed: number;
}

/**
 * The original's `summary()`: every record loaded is a task; the money fields are float sums, in file order, of
 * each record's `total_cost`, `wasted_cost` and `planner_cost` (a missing one counts 0); `success` counts when
 * truthy.
 */
export function summarizeOriginalLedger(text: string): OriginalLedgerSummary {
  const records = loadOriginalLedger(text, 0) as Record<string, unknown>[];
  const field = (record: Record<string, unknown>, name: string) => {
    const value = record[name];
    return typeof value === 'number' ? value : 0;
  };
  let spend = 0;
  let wasted = 0;
  let planner = 0;
  let succeeded = 0;
  for (const record of records) {
    spend += field(record, 'total_cost');
    wasted += field(record, 'wasted_cost');
    planner += field(record, 'planner_cost');
    if (pythonTruthy(record.success)) succeeded++;
  }
  return {
    total_spend: spend,
    total_wasted: wasted,
    total_planner_spend: planner,
    num_tasks: records.length,
    num_succeeded: succeeded,
    num_failed: records.length - succeeded,
  };
}

function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}
