const FENCE = /```[A-Za-z0-9_-]*\s*([\s\S]*?)```/;

/**
 * Reads JSON out of a model's answer tolerantly: the whole text, else the inside of the first fenced block,
 * else the span from the first `[` to the last `]`, else from the first `{` to the last `}`.
 * @returns the parsed value, or `undefined` when nothing parses.
 */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  const attempts = [trimmed];
  const fenced = FENCE.exec(trimmed);
  if (fenced?.[1] !== undefined) attempts.push(fenced[1].trim());
  for (const [open, close] of [
    ['[', ']'],
    ['{', '}'],
  ] as const) {
    const start = trimmed.indexOf(open);
    const end = trimmed.lastIndexOf(close);
    if (start >= 0 && end > start) attempts.push(trimmed.slice(start, end + 1));
  }
  for (const candidate of attempts) {
    if (candidate === '') continue;
    try {
      return JSON.parse(candidate) as unknown;
    } catch {
      // Prose around the JSON or a cut answer: try the next reading.
    }
  }
  return undefined;
}
