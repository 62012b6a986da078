import type { PicoUsd } from '../money/index.js';

/**
 * How a budget scope's spend resets: every day, every 7 or 30 days (windows aligned to the Unix epoch, UTC), every
 * calendar month (UTC), or never.
 */
export type BudgetPeriod = '1d' | '7d' | '30d' | 'month' | 'none';

/** A named ceiling kept by a {@link BudgetStore}, e.g. `process`, `key:k_123`, `team:t_9`. */
export interface BudgetScopeDefinition {
  /** Stable id; reservations name scopes by it. */
  id: string;
  /** The ceiling per window; `undefined` tracks spend without a ceiling. */
  limit?: PicoUsd;
  /** Window of the ceiling (default `none`: one window forever). */
  period?: BudgetPeriod;
  /**
   * From this instant (epoch ms; `0` = already) the scope refuses every reservation, whatever its room, and has
   * none left: the key it budgets is revoked, disabled or expired, or the team is disabled. Spend and open
   * reservations are kept and end as usual. Each definition sets it anew (absent = open).
   */
  closedAtMs?: number;
}

/** The figures of one scope in its current window. */
export interface BudgetScopeSnapshot {
  id: string;
  limit: PicoUsd | undefined;
  period: BudgetPeriod;
  /** Start of the current window (ISO 8601), absent for `none`. */
  windowStart?: string;
  /** End of the current window (ISO 8601, exclusive), absent for `none`. */
  windowEnd?: string;
  spent: PicoUsd;
  reserved: PicoUsd;
  /** `limit − spent − reserved`, never below zero; `undefined` without a limit. */
  remaining: PicoUsd | undefined;
  /** Reservations still open on this scope. */
  openReservations: number;
}

/** What {@link BudgetStore.reserve} is asked to hold. */
export interface BudgetStoreReservation {
  /**
   * Unique id chosen by the caller. It makes the store's operations idempotent: a settle or release that is sent
   * twice (a retry after a lost reply) counts once.
   */
  id: string;
  /** Every scope must have room for `amount`; all are charged or none. Unknown scope ids are refused. */
  scopes: readonly string[];
  amount: PicoUsd;
  /**
   * How long the reservation may stay open without {@link BudgetStore.renew}. When it lapses (the holder died), the
   * store settles it at `amount`, since the vendor may have billed the call, and marks it `expired`.
   */
  leaseMs: number;
  /** Shown in snapshots and logs, e.g. `openai/gpt-4.1-mini attempt 1`. */
  label?: string;
}

/** The answer of {@link BudgetStore.reserve}. */
export type BudgetStoreReserveResult =
  | { ok: true }
  | {
      ok: false;
      /** The first scope that could not pay. */
      scope: string;
      limit: PicoUsd;
      /** What that scope could still hold. */
      remaining: PicoUsd;
    };

/**
 * Where a reservation stands: `open` (held), ended by its holder (`settled`, `released`), settled at its reserved
 * amount by a sweeper after its lease lapsed (`expired`), or `unknown` to the store (never reserved, or forgotten
 * long after it ended).
 */
export type BudgetReservationState = 'open' | 'settled' | 'released' | 'expired' | 'unknown';

/**
 * Budgets that live outside the process (a database shared by replicas), or inside it. Every method is atomic on
 * the store's side: concurrent reservations from any number of processes can never together hold more than a
 * scope's limit. No lock is held between a reserve and its settle.
 */
export interface BudgetStore {
  /** Creates or updates scopes (limits and periods); existing spend is kept. */
  define(scopes: readonly BudgetScopeDefinition[]): Promise<void>;
  /** The smallest room left over `scopes` in their current windows; `undefined` when none has a limit. */
  remaining(scopes: readonly string[]): Promise<PicoUsd | undefined>;
  /** Holds `amount` on every scope, all or nothing. */
  reserve(reservation: BudgetStoreReservation): Promise<BudgetStoreReserveResult>;
  /**
   * Moves the reservation to spent at the actual cost (which may exceed the held amount: the vendor billed it).
   * Idempotent by id: settling an ended reservation does nothing and returns how it ended.
   *
   * A store in another process may acknowledge the settle of a reservation it holds before its server has it
   * (write-behind), provided every later answer of this store object reflects it (reads wait for it; a refusal
   * is re-checked once it landed) and a write that never lands leaves the reservation to lapse at its worst case
   * — an over-count, never an under-count.
   */
  settle(
    id: string,
    actual: PicoUsd,
  ): Promise<{ state: 'settled' | 'released' | 'expired'; overrun: PicoUsd }>;
  /**
   * Frees the reservation without spend. Idempotent; a no-op for an ended reservation. Returns how the
   * reservation ended (`expired` tells the holder a sweeper already charged its worst case).
   */
  release(id: string): Promise<{ state: Exclude<BudgetReservationState, 'open'> }>;
  /**
   * Extends an open reservation's lease to `leaseMs` from now, so a long call (a 10-minute stream) is not swept
   * while its holder lives. Returns the reservation's state: anything but `open` means there is nothing left to
   * renew — `expired` tells the holder that a sweeper settled it at its reserved worst case.
   */
  renew(id: string, leaseMs: number): Promise<{ state: BudgetReservationState }>;
  /** The figures of one scope, `undefined` when it is not defined. */
  snapshot(scope: string): Promise<BudgetScopeSnapshot | undefined>;
  /** Settles lapsed leases now (stores also do it lazily); returns how many were settled. */
  expireLeases(): Promise<number>;
}
