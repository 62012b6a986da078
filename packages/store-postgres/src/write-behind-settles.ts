import { InvalidArgumentError } from '@tokenwise/spec';

/** Something a write-behind settle could not do, for the log: never a secret, only the reservation id. */
export interface SettleWarning {
  reservationId: string;
  message: string;
  error?: unknown;
}

/** Settles acknowledged before the database has them, and the waits that make later answers reflect them. */
export interface WriteBehindSettles {
  /** Writes one settle in the background, retrying a failed write with backoff until it lands or `close`. */
  start(id: string, scopes: readonly string[], write: () => Promise<void>): void;
  /** Resolves once the settle of `id`, if one is being written, has landed or been given up. */
  settled(id: string): Promise<void>;
  /** Resolves once every settle touching one of `scopes` (every settle, without `scopes`) landed or was given up. */
  landed(scopes?: readonly string[]): Promise<void>;
  /** Whether a settle touching one of `scopes` is still being written. */
  pendingOn(scopes: readonly string[]): boolean;
  /** Stops retrying and waits for the writes in flight. */
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 50;
const LAST_RETRY_MS = 2_000;

/**
 * The bookkeeping of write-behind settles. A settle is the last step of a call, and nothing the caller does next
 * needs the database to have it: the reservation it ends is still counted at its worst case until it lands, which
 * can only refuse more, never spend more. A write that keeps failing (the database is down) is retried until
 * `close`; one that never lands leaves the reservation to lapse, and any replica then settles it at its worst case.
 */
export function createWriteBehindSettles(onWarning: (warning: SettleWarning) => void): WriteBehindSettles {
  const writing = new Map<string, { scopes: readonly string[]; done: Promise<void> }>();
  let closing = false;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    start(id, scopes, write) {
      const done = (async () => {
        for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LAST_RETRY_MS)) {
          try {
            await write();
            return;
          } catch (error) {
            if (closing || InvalidArgumentError.isInstance(error)) {
              onWarning({
                reservationId: id,
                message:
                  'A settle did not reach the database; the reservation will lapse and be settled at its worst case.',
                error,
              });
              return;
            }
            await sleep(delay);
          }
        }
      })().finally(() => writing.delete(id));
      writing.set(id, { scopes, done });
    },
    async settled(id) {
      await writing.get(id)?.done;
    },
    async landed(scopes) {
      const waits = [...writing.values()]
        .filter((entry) => scopes === undefined || entry.scopes.some((scope) => scopes.includes(scope)))
        .map((entry) => entry.done);
      await Promise.all(waits);
    },
    pendingOn(scopes) {
      for (const entry of writing.values()) {
        if (entry.scopes.some((scope) => scopes.includes(scope))) return true;
      }
      return false;
    },
    async close() {
      closing = true;
      await Promise.all([...writing.values()].map((entry) => entry.done));
    },
  };
}
