/**
 * The file beside a task ledger that holds its attempt and request records (proxy and library calls):
 * `ledger.jsonl` → `ledger.calls.jsonl` (a name without `.jsonl` gets `.calls.jsonl` appended). The original
 * TokenWise counts every line of the task ledger as a task, so these records never go there.
 */
export function callsLedgerPath(path: string): string {
  return path.endsWith('.jsonl') ? `${path.slice(0, -'.jsonl'.length)}.calls.jsonl` : `${path}.calls.jsonl`;
}
