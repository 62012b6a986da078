import { InvalidArgumentError } from '@tokenwise/spec';

/** SQLSTATEs worth one more try: deadlock, serialization failure, and a unique clash of two racing first writes. */
const RETRYABLE = new Set(['40P01', '40001', '23505']);
/** SQLSTATEs our functions raise for bad input (unknown scope, unknown reservation). */
const INPUT = new Set(['TW001', 'TW002']);

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Runs `operation`, retrying it (up to 3 times) when PostgreSQL aborted it for a reason that a retry resolves, and
 * turning our functions' input errors into `InvalidArgumentError`.
 */
export async function withRetry<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const code = codeOf(error);
      if (code !== undefined && INPUT.has(code)) {
        const argument = code === 'TW001' ? 'scopes' : 'id';
        throw new InvalidArgumentError({ argument, message: (error as Error).message, cause: error });
      }
      if (attempt >= 3 || code === undefined || !RETRYABLE.has(code)) throw error;
    }
  }
}
