/**
 * Whether `value` matches a glob where `*` stands for any run of characters (slashes included) and `?` for one
 * character; everything else is literal. `openai/*` matches every OpenAI model, `*mini*` every mini model.
 */
export function matchesGlob(pattern: string, value: string): boolean {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's').test(value);
}

/** True when `allowed` is empty (no restriction) or one of its globs matches `value`. */
export function allowedBy(allowed: readonly string[] | undefined, value: string): boolean {
  return (
    allowed === undefined || allowed.length === 0 || allowed.some((pattern) => matchesGlob(pattern, value))
  );
}
