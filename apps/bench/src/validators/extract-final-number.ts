// Thousands separators only in groups of three, so "1,234" is one number but "3, 4" is two.
const NUMBER = /[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?|[-+−]?\.\d+/gi;

/**
 * The last number written in `text` (`"... so the answer is **1,250.5**."` → 1250.5), or `undefined` when there
 * is none. The last one, because models show their working first and state the result at the end.
 */
export function extractFinalNumber(text: string): number | undefined {
  const matches = text.match(NUMBER);
  if (!matches || matches.length === 0) return undefined;
  const last = matches[matches.length - 1]!.replace(/,/g, '').replace('−', '-');
  const value = Number(last);
  return Number.isFinite(value) ? value : undefined;
}
