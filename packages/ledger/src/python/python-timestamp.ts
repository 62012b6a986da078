const PYTHON_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

/**
 * A time as the original writes its ledger timestamps: UTC ISO 8601 with microseconds and a `+00:00` offset
 * (`2026-02-23T16:47:05.123000+00:00`). A timestamp already in that form is kept (its microseconds included);
 * one that does not parse is kept as it is, so nothing is invented.
 */
export function pythonTimestamp(time: string | Date = new Date()): string {
  if (typeof time === 'string') {
    if (PYTHON_STAMP.test(time)) return time;
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) return time;
    time = new Date(ms);
  }
  const iso = time.toISOString();
  // Years outside 0000-9999 have a longer ISO form than Python's; keep the ISO text for them.
  if (iso.length !== 24) return iso;
  return `${iso.slice(0, 23)}000+00:00`;
}
