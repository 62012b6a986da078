import { redactSecrets } from '@tokenwise/spec';

const maxCauseDepth = 5;

/**
 * A copy of an error (and its `cause` chain) that is safe to keep or log: `name`, `message`, `stack` and `code`
 * are redacted, every other property is dropped. Network errors from `fetch` often echo the URL (and so a key
 * in a query string) in their message or cause. Pass the secrets, or a redact function that knows them.
 */
export function sanitizeError(
  error: unknown,
  secrets: ReadonlyArray<string | undefined> | ((text: string) => string),
): Error {
  const redact = typeof secrets === 'function' ? secrets : (text: string) => redactSecrets(text, { secrets });
  return sanitizeWith(error, redact, 0);
}

function sanitizeWith(error: unknown, redact: (text: string) => string, depth: number): Error {
  if (!(error instanceof Error)) {
    return new Error(redact(typeof error === 'string' ? error : describeValue(error)));
  }
  const cause =
    error.cause !== undefined && depth < maxCauseDepth
      ? sanitizeWith(error.cause, redact, depth + 1)
      : undefined;
  const copy = new Error(redact(error.message), cause === undefined ? undefined : { cause });
  copy.name = redact(error.name);
  copy.stack = error.stack === undefined ? undefined : redact(error.stack);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') {
    Object.defineProperty(copy, 'code', {
      value: typeof code === 'string' ? redact(code) : code,
      enumerable: true,
    });
  }
  return copy;
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
