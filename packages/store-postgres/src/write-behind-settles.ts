import { InvalidArgumentError, type PicoUsd } from '@tokenwise/spec';

/** Something a write-behind settle could not do, for the log: never a secret, only the reservation id. */
export interface SettleWarning {
  reservationId: string;
  message: string;
  error?: unknown;
}

/** One settle waiting to be written. */
export interface QueuedSettle {
  id: string;
  actual: PicoUsd;
}

/** How each settle of a batch stands once written: `settled`, or what the server says instead. */
export type SettleOutcome = 'settled' | 'released' | 'expired' | 'none';

/** Options of {@link createWriteBehindSettles}. */
export interface WriteBehindSettlesOptions {
  /** Writes one batch in one round trip; answers how each id stands (an id it does not answer is `settled`). */
  write: (batch: readonly QueuedSettle[]) => Promise<ReadonlyMap<string, SettleOutcome>>;
  onWarning: (warning: SettleWarning) => void;
  /** How long a settle waits for others to share its batch (default 20 ms); `0` sends each one alone. */
  batchMs?: number;
  /** A batch this size is sent at once (default 256). */
  maxBatch?: number;
}

/** Settles acknowledged before the database has them, and the waits that make later answers reflect them. */
export interface WriteBehindSettles {
  /** Queues one settle; it is written with the others of its batch, retried with backoff until it lands or `close`. */
  start(id: string, scopes: readonly string[], actual: PicoUsd): void;
  /** Resolves once the settle of `id`, if one is pending, has landed or been given up (sending it now). */
  settled(id: string): Promise<void>;
  /**
   * Resolves once every settle touching one of `scopes` (every settle, without `scopes`) landed or was given up;
   * queued ones are sent now rather than at the end of their batch's wait.
   */
  landed(scopes?: readonly string[]): Promise<void>;
  /** Whether a settle touching one of `scopes` is still pending. */
  pendingOn(scopes: readonly string[]): boolean;
  /** Sends what is queued, stops retrying and waits for the writes in flight. */
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 50;
const LAST_RETRY_MS = 2_000;

interface Pending {
  scopes: readonly string[];
  actual: PicoUsd;
  done: Promise<void>;
  resolve: () => void;
}

/**
 * The bookkeeping of write-behind settles. A settle is the last step of a call, and nothing the caller does next
 * needs the database to have it: the reservation it ends is still counted at its worst case until it lands, which
 * can only refuse more, never spend more. Settles that arrive within `batchMs` of each other are written together
 * (one transaction for the batch). A write that keeps failing (the database is down) is retried until `close`;
 * one that never lands leaves its reservations to lapse, and any replica then settles them at their worst case.
 */
export function createWriteBehindSettles(options: WriteBehindSettlesOptions): WriteBehindSettles {
  const { write, onWarning, batchMs = 20, maxBatch = 256 } = options;
  const pending = new Map<string, Pending>();
  /** Ids queued and not sent yet, in arrival order. */
  let queue: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closing = false;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const warnAll = (ids: readonly string[], message: string, error?: unknown) => {
    for (const reservationId of ids) {
      onWarning({ reservationId, message, ...(error === undefined ? {} : { error }) });
    }
  };

  const writeBatch = async (batch: readonly QueuedSettle[]) => {
    const ids = batch.map((entry) => entry.id);
    for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, LAST_RETRY_MS)) {
      try {
        const outcomes = await write(batch);
        for (const id of ids) {
          const outcome = outcomes.get(id);
          if (outcome === 'expired') {
            warnAll(
              [id],
              'A reservation had lapsed before its settle landed: it was charged at its worst case.',
            );
          } else if (outcome === 'none') {
            warnAll(
              [id],
              'A settle named a reservation the database does not know; nothing was charged by it.',
            );
          }
        }
        return;
      } catch (error) {
        if (closing || InvalidArgumentError.isInstance(error)) {
          warnAll(
            ids,
            'A settle did not reach the database; the reservation will lapse and be settled at its worst case.',
            error,
          );
          return;
        }
        await sleep(delay);
      }
    }
  };

  const send = () => {
    clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return;
    const ids = queue;
    queue = [];
    const batch = ids.map((id) => ({ id, actual: pending.get(id)!.actual }));
    void writeBatch(batch).finally(() => {
      for (const id of ids) {
        pending.get(id)!.resolve();
        pending.delete(id);
      }
    });
  };

  const touches = (entry: Pending, scopes: readonly string[]) =>
    entry.scopes.some((scope) => scopes.includes(scope));

  return {
    start(id, scopes, actual) {
      let resolve!: () => void;
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      pending.set(id, { scopes, actual, done, resolve });
      queue.push(id);
      if (closing || batchMs === 0 || queue.length >= maxBatch) send();
      else timer ??= setTimeout(send, batchMs);
    },
    async settled(id) {
      const entry = pending.get(id);
      if (entry === undefined) return;
      // Queued or in flight: sending what waits is harmless either way, and a queued one needs it.
      send();
      await entry.done;
    },
    async landed(scopes) {
      const waits: Promise<void>[] = [];
      for (const entry of pending.values()) {
        if (scopes === undefined || touches(entry, scopes)) waits.push(entry.done);
      }
      if (waits.length === 0) return;
      send();
      await Promise.all(waits);
    },
    pendingOn(scopes) {
      for (const entry of pending.values()) if (touches(entry, scopes)) return true;
      return false;
    },
    async close() {
      closing = true;
      send();
      await Promise.all([...pending.values()].map((entry) => entry.done));
    },
  };
}
