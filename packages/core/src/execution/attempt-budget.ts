import { BudgetExceededError, type BudgetStore, formatUsd, type PicoUsd } from '@tokenwise/spec';
import type { Budget, Reservation } from '../budget/index.js';

/** Budget scopes kept by a shared store (a key, its team, their windows), charged beside the local budget. */
export interface SharedBudget {
  store: BudgetStore;
  /** Scope ids to charge, e.g. `['team:t1', 'key:k1']`. */
  scopes: readonly string[];
  /** Lease of each reservation; a holder that dies is settled at its worst case when it lapses (default 10 min). */
  leaseMs?: number;
}

/** Money held for one attempt on every level (local chain and shared scopes); ends exactly once. */
export interface AttemptHold {
  readonly amount: PicoUsd;
  /** Settles every level at `actual`; returns how much it went above the hold (0 within it). */
  settle(actual: PicoUsd): Promise<PicoUsd>;
  /** Frees every level. A no-op after the hold ended. */
  release(): Promise<void>;
}

const DEFAULT_LEASE_MS = 600_000;

/**
 * What a new reservation can take now, the smallest room of the local chain and the shared scopes, and the name
 * of the level that sets it (for refusals that say which limit refused).
 */
export async function remainingWithLevel(
  budget: Budget | undefined,
  shared: SharedBudget | undefined,
): Promise<{ amount: PicoUsd | undefined; level: string | undefined }> {
  let amount: PicoUsd | undefined;
  let level: string | undefined;
  for (let node = budget; node !== undefined; node = node.parent) {
    if (node.limit === undefined) continue;
    const room = node.limit - node.spent - node.reserved;
    if (amount === undefined || room < amount) {
      amount = room;
      level = node.label;
    }
  }
  if (shared && shared.scopes.length > 0) {
    for (const scope of shared.scopes) {
      const remote = await shared.store.remaining([scope]);
      if (remote !== undefined && (amount === undefined || remote < amount)) {
        amount = remote;
        level = scope;
      }
    }
  }
  return { amount: amount !== undefined && amount < 0n ? 0n : amount, level };
}

/**
 * Holds `amount` on the local budget chain (synchronously, so concurrent calls in this process can never
 * together exceed it), then on the shared scopes (atomically in the store). All or nothing: when the store
 * refuses, the local hold is given back.
 * @throws BudgetExceededError naming the level or scope that cannot pay.
 */
export async function holdAttempt(options: {
  budget: Budget | undefined;
  shared: SharedBudget | undefined;
  amount: PicoUsd;
  label: string;
  /** Unique id of the attempt: the store's idempotency key. */
  id: string;
}): Promise<AttemptHold> {
  const { budget, shared, amount, label, id } = options;
  const local: Reservation | undefined = budget?.reserve(amount, label);
  const useStore = shared !== undefined && shared.scopes.length > 0;
  if (useStore) {
    let result: Awaited<ReturnType<BudgetStore['reserve']>>;
    try {
      result = await shared.store.reserve({
        id,
        scopes: shared.scopes,
        amount,
        leaseMs: shared.leaseMs ?? DEFAULT_LEASE_MS,
        label,
      });
    } catch (error) {
      local?.release();
      throw error;
    }
    if (!result.ok) {
      local?.release();
      throw new BudgetExceededError({
        message: `Budget "${result.scope}" has ${formatUsd(result.remaining)} left of ${formatUsd(result.limit)} but ${formatUsd(amount)} is needed for ${label}.`,
        remaining: result.remaining,
        required: amount,
        budget: result.limit,
        level: result.scope,
      });
    }
  }
  let ended = false;
  return {
    amount,
    async settle(actual) {
      if (ended) return 0n;
      ended = true;
      const overrun = local ? local.settle(actual) : actual > amount ? actual - amount : 0n;
      if (useStore) await shared.store.settle(id, actual);
      return overrun;
    },
    async release() {
      if (ended) return;
      ended = true;
      local?.release();
      if (useStore) await shared.store.release(id);
    },
  };
}
