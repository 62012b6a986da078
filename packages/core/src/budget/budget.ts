import type { PicoUsd } from '@tokenwise/spec';

/**
 * A spending ceiling (or an unlimited tracker) that calls reserve from before they run and settle after.
 * Budgets nest: a child draws from its parent, so a request budget inside a plan budget inside a process budget
 * is charged at every level at once.
 */
export interface Budget {
  /** Name used in error messages and snapshots, e.g. `request`, `plan`, `process`. */
  readonly label: string | undefined;
  /** The ceiling of this level; `undefined` means no ceiling of its own (spend is still tracked). */
  readonly limit: PicoUsd | undefined;
  /** The enclosing budget, if any. */
  readonly parent: Budget | undefined;
  /** Money spent: settled reservations (at their actual cost) plus `record`ed spend. */
  readonly spent: PicoUsd;
  /** Money held by open reservations. */
  readonly reserved: PicoUsd;
  /** How much settled costs went above their reservations, in total (the vendor billed more than planned). */
  readonly overrun: PicoUsd;
  /** True when `spent` went above `limit`: only possible through overruns or `record`, never through `reserve`. */
  readonly exceeded: boolean;
  /**
   * What a new reservation can still take: `limit − spent − reserved` of this level, never more than any
   * ancestor's, and never below zero. `undefined` when no level of the chain has a limit.
   */
  remaining(): PicoUsd | undefined;
  /**
   * Holds `amount` on this budget and on every ancestor, all or nothing.
   * @throws BudgetExceededError naming the level that cannot pay; nothing is held then.
   */
  reserve(amount: PicoUsd, label?: string): Reservation;
  /** Like {@link Budget.reserve}, but returns `undefined` instead of throwing when the budget cannot pay. */
  tryReserve(amount: PicoUsd, label?: string): Reservation | undefined;
  /** A budget that draws from this one; without `limit` it is bounded only by its ancestors. */
  child(options?: { limit?: PicoUsd; label?: string }): Budget;
  /**
   * Counts spend that happened without a reservation (a cost learned after the fact). It is always recorded,
   * on every level, even when it pushes `spent` above `limit`; `exceeded` then reads true and later
   * reservations fail. The money is gone either way; hiding it would make the ledger lie.
   */
  record(amount: PicoUsd): void;
  /** The current figures of this level, for logs, headers and tests. */
  snapshot(): BudgetSnapshot;
}

/**
 * Money held for one call. Ends exactly once: `settle` (the call ran) or `release` (nothing was billed).
 *
 * Decided policy for a second ending: `release()` after the reservation ended is a no-op that returns `false`,
 * so it is safe in a `finally` block; `settle()` or `resize()` after it ended throws an `InvalidArgumentError`,
 * because a second bill is a bug that would double count or lose money.
 */
export interface Reservation {
  /** The amount currently held (changes with `resize`). */
  readonly amount: PicoUsd;
  readonly label: string | undefined;
  /** `open` until settled or released. */
  readonly state: 'open' | 'settled' | 'released';
  /**
   * Moves the reservation to spent at the ACTUAL cost, on every level, even when `actual > amount` (the vendor
   * billed it; the excess is added to `overrun`).
   * @returns the overrun of this settlement (0 when within the reservation).
   */
  settle(actual: PicoUsd): PicoUsd;
  /** Frees the reservation without spending. Returns false (and does nothing) if it had already ended. */
  release(): boolean;
  /**
   * Changes the held amount: shrinking always works; growing must fit every level.
   * @throws BudgetExceededError when growing does not fit (the reservation keeps its old amount).
   */
  resize(newAmount: PicoUsd): void;
}

/** The figures of one budget level at one moment. */
export interface BudgetSnapshot {
  label: string | undefined;
  limit: PicoUsd | undefined;
  spent: PicoUsd;
  reserved: PicoUsd;
  /** See {@link Budget.remaining}. */
  remaining: PicoUsd | undefined;
  overrun: PicoUsd;
  exceeded: boolean;
  /** Reservations made on this level (directly or through a child) that are still open. */
  openReservations: number;
  settledReservations: number;
  releasedReservations: number;
}
