import { InvalidArgumentError, type PicoUsd } from '@tokenwise/spec';

/** Something a write-behind settle could not do, for the log: never a secret, only the reservation id. */
export interface SettleWarning {
  reservationId: string;
  message: string;
  error?: unknown;
}

/** A settle answered already and not yet in the database. */
export interface QueuedSettle {
  id: string;
  scopes: readonly string[];
  actual: PicoUsd;
}

/** Settles taken by a reserve to carry in its own round trip, and how to say how that went. */
export interface Riders {
  settles: readonly QueuedSettle[];
  /** The carrying call committed (`true`), or failed (`false`: each is then written alone, with retries). */
  carried(ok: boolean): void;
}

/** Settles acknowledged before the database has them, and the waits that make later answers reflect them. */
export interface WriteBehindSettles {
  /** Queues a settle: the next reserve carries it, or it is written alone after `rideMs`. */
  queue(settle: QueuedSettle): void;
  /** Takes every queued settle for a reserve to carry (in flight until `carried`). */
  takeRiders(): Riders;
  /** Resolves once the settle of `id`, if one is queued or being written, has landed or been given up. */
  settled(id: string): Promise<void>;
  /** Resolves once every settle touching one of `scopes` (every settle, without `scopes`) landed or was given up. */
  landed(scopes?: readonly string[]): Promise<void>;
  /** Whether a settle touching one of `scopes` is queued or being written. */
  pendingOn(scopes: readonly string[]): boolean;
  /** Writes what is queued, stops retrying and waits for the writes in flight. */
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 50;
const LAST_RETRY_MS = 2_000;

/**
 * The bookkeeping of write-behind settles. A settle is the last step of a call, and nothing the caller does next
 * needs the database to have it: the reservation it ends is still counted at its worst case until it lands, which
 * can only refuse more, never spend more. A queued settle rides along with this object's next reserve (one round
 * trip and one transaction for both, and that reserve sees the room it gave back), or is written alone after
 * `rideMs` of quiet. A write that keeps failing (the database is down) is retried until `close`; one that never
 * lands leaves the reservation to lapse, and any replica then settles it at its worst case.
 */
export function createWriteBehindSettles(options: {
  /** Writes one settle alone (`tw_finish`). */
  write: (settle: QueuedSettle) => Promise<void>;
  onWarning: (warning: SettleWarning) => void;
  rideMs: number;
}): WriteBehindSettles {
  const writing = new Map<string, { scopes: readonly string[]; done: Promise<void> }>();
  const queued = new Map<string, QueuedSettle>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closing = false;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Writes one settle alone, retrying with backoff; resolves when it landed or was given up. */
  const writeAlone = (settle: QueuedSettle): Promise<void> => {
    const done = (async () => {
      for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LAST_RETRY_MS)) {
        try {
          await options.write(settle);
          return;
        } catch (error) {
          if (closing || InvalidArgumentError.isInstance(error)) {
            options.onWarning({
              reservationId: settle.id,
              message:
                'A settle did not reach the database; the reservation will lapse and be settled at its worst case.',
              error,
            });
            return;
          }
          await sleep(delay);
        }
      }
    })().finally(() => {
      if (writing.get(settle.id)?.done === done) writing.delete(settle.id);
    });
    writing.set(settle.id, { scopes: settle.scopes, done });
    return done;
  };
  /** Starts writing the queued settles that `match` alone, now. */
  const release = (match: (settle: QueuedSettle) => boolean) => {
    for (const settle of [...queued.values()]) {
      if (!match(settle)) continue;
      queued.delete(settle.id);
      void writeAlone(settle);
    }
    if (queued.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  const touches = (entry: { scopes: readonly string[] }, scopes: readonly string[]) =>
    entry.scopes.some((scope) => scopes.includes(scope));

  return {
    queue(settle) {
      queued.set(settle.id, settle);
      timer ??= setTimeout(() => {
        timer = undefined;
        release(() => true);
      }, options.rideMs);
    },
    takeRiders() {
      const settles = [...queued.values()];
      queued.clear();
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      const finishers = settles.map((settle) => {
        let finish!: () => void;
        const done = new Promise<void>((resolve) => (finish = resolve));
        writing.set(settle.id, { scopes: settle.scopes, done });
        return { settle, done, finish };
      });
      return {
        settles,
        carried(ok) {
          for (const { settle, done, finish } of finishers) {
            if (ok) {
              if (writing.get(settle.id)?.done === done) writing.delete(settle.id);
              finish();
            } else {
              void writeAlone(settle).then(finish);
            }
          }
        },
      };
    },
    async settled(id) {
      release((settle) => settle.id === id);
      await writing.get(id)?.done;
    },
    async landed(scopes) {
      release((settle) => scopes === undefined || touches(settle, scopes));
      const waits = [...writing.values()]
        .filter((entry) => scopes === undefined || touches(entry, scopes))
        .map((entry) => entry.done);
      await Promise.all(waits);
    },
    pendingOn(scopes) {
      for (const settle of queued.values()) if (touches(settle, scopes)) return true;
      for (const entry of writing.values()) if (touches(entry, scopes)) return true;
      return false;
    },
    async close() {
      release(() => true);
      closing = true;
      await Promise.all([...writing.values()].map((entry) => entry.done));
    },
  };
}
