import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { BudgetScopeDefinition, BudgetStoreReservation } from './budget-store.js';
import { budgetWindow } from './budget-window.js';

// The input rules every budget store applies the same way, so a bad call fails alike on every store.

/** Checks a scope definition. @throws InvalidArgumentError */
export function checkScopeDefinition(definition: BudgetScopeDefinition): void {
  if (typeof definition.id !== 'string' || definition.id === '') {
    throw new InvalidArgumentError({
      argument: 'id',
      message: 'Invalid budget scope id: expected a non-empty string.',
    });
  }
  if (definition.limit !== undefined) checkBudgetAmount(definition.limit, 'limit');
  if (definition.period !== undefined) budgetWindow(definition.period, 0);
  if (
    definition.closedAtMs !== undefined &&
    !(Number.isSafeInteger(definition.closedAtMs) && definition.closedAtMs >= 0)
  ) {
    throw new InvalidArgumentError({
      argument: 'closedAtMs',
      message: `Invalid closedAtMs ${String(definition.closedAtMs)}: expected epoch milliseconds (an integer ≥ 0).`,
    });
  }
}

/** Checks what a reserve is asked to hold. @throws InvalidArgumentError */
export function checkBudgetReservation(reservation: BudgetStoreReservation): void {
  if (typeof reservation.id !== 'string' || reservation.id === '') {
    throw new InvalidArgumentError({
      argument: 'id',
      message: 'Invalid reservation id: expected a non-empty string.',
    });
  }
  if (reservation.scopes.length === 0 || new Set(reservation.scopes).size !== reservation.scopes.length) {
    throw new InvalidArgumentError({
      argument: 'scopes',
      message: 'Invalid reservation scopes: expected at least one scope, each named once.',
    });
  }
  checkBudgetAmount(reservation.amount, 'amount');
  checkLeaseMs(reservation.leaseMs);
}

/** Checks an amount is a non-negative bigint. @throws InvalidArgumentError */
export function checkBudgetAmount(amount: unknown, argument: string): void {
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new InvalidArgumentError({
      argument,
      message: `Invalid ${argument} ${String(amount)}: expected a non-negative bigint of pico-dollars.`,
    });
  }
}

/** Checks a lease is a positive whole number of milliseconds. @throws InvalidArgumentError */
export function checkLeaseMs(leaseMs: unknown): void {
  if (typeof leaseMs !== 'number' || !Number.isSafeInteger(leaseMs) || leaseMs <= 0) {
    throw new InvalidArgumentError({
      argument: 'leaseMs',
      message: `Invalid lease ${String(leaseMs)}: expected a whole number of milliseconds above 0.`,
    });
  }
}
