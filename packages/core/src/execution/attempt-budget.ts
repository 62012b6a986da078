import { BudgetExceededError, type BudgetStore, formatUsd, maxUsd, type PicoUsd } from '@tokenwise/spec';
import type { Budget, Reservation } from '../budget/index.js';

/** Budget scopes kept by a shared store (a key, its team, their windows), charged beside the local budget. */
export interface SharedBudget {
  store: BudgetStore;
  /** Scope ids to charge, e.g. `['team:t1', 'key:k1']`. */
  scopes: readonly string[];
  /** Lease of each reservation; a holder that dies is settled at its worst case when it lapses (default 10 min). */
  leaseMs?: number;
  /**
   * How often a held reservation renews its lease while the call runs (default a third of the lease, so two
   * renewals in a row can fail before it lapses).
   */
  renewEveryMs?: number;
}

/** How one hold ended on every level. */
export interface HoldSettlement {
  /** How much the settled cost went above the hold (0 within it). */
  overrun: PicoUsd;
  /**
   * True when the shared store had already settled the hold at its amount because its lease lapsed (the renewals
   * stopped); that amount, not `actual`, is what every level was charged.
   */
  leaseExpired: boolean;
}

/** Money held for one attempt on every level (local chain and shared scopes); ends exactly once. */
export interface AttemptHold {
  readonly amount: PicoUsd;
  /** True once the shared store reported that a sweeper settled this hold at its amount (lease lapsed). */
  readonly leaseExpired: boolean;
  /** Settles every level at `actual` (at `amount` when the lease had expired). */
  settle(actual: PicoUsd): Promise<HoldSettlement>;
  /** Frees every level (charges `amount` locally when the lease had expired). A no-op after the hold ended. */
  release(): Promise<void>;
}

const DEFAULT_LEASE_MS = 600_000;

/**
 * What a new reservation can take now on the local budget chain alone (no I/O), and the name of the level that
 * sets it.
 */
export function localRemainingWithLevel(budget: Budget | undefined): {
  amount: PicoUsd | undefined;
  level: string | undefined;
} {
  let amount: PicoUsd | undefined;
  let level: string | undefined;
  for (let node = budget; node !== undefined; node = node.parent) {
    if (node.limit === undefined) continue;
    // Never below zero: an overrun leaves nothing, not a debt.
    const room = maxUsd(node.limit - node.spent - node.reserved, 0n);
    if (amount === undefined || room < amount) {
      amount = room;
      level = node.label;
    }
  }
  return { amount, level };
}

/**
 * What a new reservation can take now, the smallest room of the local chain and the shared scopes, and the name
 * of the level that sets it (for refusals that say which limit refused).
 */
export async function remainingWithLevel(
  budget: Budget | undefined,
  shared: SharedBudget | undefined,
): Promise<{ amount: PicoUsd | undefined; level: string | undefined }> {
  let { amount, level } = localRemainingWithLevel(budget);
  if (shared) {
    // One question per scope (so the refusal can name the level), asked together: one round trip of latency.
    const rooms = await Promise.all(shared.scopes.map((scope) => shared.store.remaining([scope])));
    rooms.forEach((remote, index) => {
      if (remote !== undefined && (amount === undefined || remote < amount)) {
        amount = remote;
        level = shared.scopes[index];
      }
    });
  }
  // A store's room is never below zero either (BudgetStore.remaining).
  return { amount, level };
}

/**
 * Holds `amount` on the local budget chain (synchronously, so concurrent calls in this process can never
 * together exceed it), then on the shared scopes (atomically in the store). All or nothing: when the store
 * refuses, the local hold is given back.
 *
 * While the hold is open it renews its lease in the shared store every `renewEveryMs`, so a long call is never
 * swept while this process lives; the renewals stop when it ends. A store that answers that the lease already
 * expired (a stall longer than the lease) is reported once through `onLeaseExpired`, and the hold then charges
 * every level the amount the sweeper charged, never a second time.
 * @throws BudgetExceededError naming the level or scope that cannot pay.
 */
export async function holdAttempt(options: {
  budget: Budget | undefined;
  shared: SharedBudget | undefined;
  amount: PicoUsd;
  label: string;
  /** Unique id of the attempt: the store's idempotency key. */
  id: string;
  /** Told once when the store says a sweeper settled this hold at its amount. Must not throw. */
  onLeaseExpired?: () => void;
}): Promise<AttemptHold> {
  const { budget, shared, amount, label, id } = options;
  const local: Reservation | undefined = budget?.reserve(amount, label);
  const useStore = shared !== undefined && shared.scopes.length > 0;
  const leaseMs = shared?.leaseMs ?? DEFAULT_LEASE_MS;
  if (useStore) {
    let result: Awaited<ReturnType<BudgetStore['reserve']>>;
    try {
      result = await shared.store.reserve({ id, scopes: shared.scopes, amount, leaseMs, label });
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
  let expired = false;
  const markExpired = () => {
    if (expired) return;
    expired = true;
    try {
      // Stryker disable next-line OptionalChaining: equivalent, what a missing observer throws is caught below
      options.onLeaseExpired?.();
    } catch {
      // An observer (a log line) must not break the accounting.
    }
  };
  const renewer = useStore
    ? startRenewing(shared, id, leaseMs, (state) => {
        if (state === 'expired') markExpired();
      })
    : undefined;
  const hold: AttemptHold = {
    amount,
    get leaseExpired() {
      return expired;
    },
    async settle(actual) {
      if (ended) return { overrun: 0n, leaseExpired: expired };
      ended = true;
      renewer?.stop();
      let charged = actual;
      try {
        if (useStore) {
          const result = await shared.store.settle(id, actual);
          if (result.state === 'expired') markExpired();
        }
      } finally {
        // The sweeper charged the amount; every level counts the same, so the ledger and the store agree.
        if (expired) charged = amount;
        if (local) local.settle(charged);
      }
      // Stryker disable next-line EqualityOperator: equivalent, equal amounts give 0n either way
      return { overrun: charged > amount ? charged - amount : 0n, leaseExpired: expired };
    },
    async release() {
      // Stryker disable next-line ConditionalExpression: equivalent, a second release is a no-op locally and in the store
      if (ended) return;
      ended = true;
      renewer?.stop();
      try {
        if (useStore) {
          const result = await shared.store.release(id);
          if (result.state === 'expired') markExpired();
        }
      } finally {
        if (expired) local?.settle(amount);
        else local?.release();
      }
    },
  };
  return hold;
}

/**
 * Renews a lease every `renewEveryMs` (a chain of timers, so a slow store never piles up renewals) until stopped
 * or until the store says the reservation is no longer open. A failed renewal is retried at the next tick: only a
 * run of failures longer than the lease lets it lapse, and the holder then learns it at settle time.
 */
function startRenewing(
  shared: SharedBudget,
  id: string,
  leaseMs: number,
  onState: (state: Awaited<ReturnType<BudgetStore['renew']>>['state']) => void,
): { stop(): void } {
  const every = Math.max(1, shared.renewEveryMs ?? Math.floor(leaseMs / 3));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    timer = setTimeout(tick, every);
    // A renewal alone must not keep a process alive (Node timers have unref; other runtimes do not need it).
    // Stryker disable next-line OptionalChaining: equivalent, Node timers have unref
    (timer as { unref?: () => void }).unref?.();
  };
  // A tick runs only from its timer, which `stop` clears: it needs no check of `stopped` before its renewal.
  const tick = async () => {
    let state: Awaited<ReturnType<BudgetStore['renew']>>['state'] = 'open';
    try {
      ({ state } = await shared.store.renew(id, leaseMs));
    } catch {
      // Transient (a dropped connection): the next tick tries again.
    }
    // Stopped while the renewal was in flight: schedule nothing more.
    if (stopped) return;
    if (state !== 'open') {
      onState(state);
      return;
    }
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
