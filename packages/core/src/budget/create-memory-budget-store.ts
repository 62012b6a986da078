import {
  type BudgetPeriod,
  type BudgetScopeSnapshot,
  type BudgetStore,
  budgetWindow,
  checkBudgetAmount,
  checkBudgetReservation,
  checkLeaseMs,
  checkScopeDefinition,
  InvalidArgumentError,
  type PicoUsd,
} from '@tokenwise/spec';

/** Options of {@link createMemoryBudgetStore}. */
export interface MemoryBudgetStoreOptions {
  /** Milliseconds since the epoch; windows and leases follow it (default `Date.now`). */
  clock?: () => number;
  /**
   * How long an ended reservation is remembered so a retried settle or release still counts once (default
   * 10 minutes). Older ones are forgotten, which keeps a long-running process's memory flat.
   */
  keepEndedMs?: number;
}

interface ScopeState {
  limit: PicoUsd | undefined;
  period: BudgetPeriod;
  windowStartMs: number;
  spent: PicoUsd;
  reserved: PicoUsd;
  open: number;
  closedAtMs: number | undefined;
}

interface ReservationState {
  scopes: readonly string[];
  /** The window of each scope the reservation was charged in; its spend belongs there. */
  windowStarts: number[];
  amount: PicoUsd;
  state: 'open' | 'settled' | 'released' | 'expired';
  overrun: PicoUsd;
  leaseUntilMs: number;
  endedMs: number;
}

/**
 * A {@link BudgetStore} in this process's memory: the embedded default when no database is configured. Same
 * semantics as the PostgreSQL store (the shared conformance suite runs on both): atomic all-or-nothing reserves over
 * several scopes, UTC windows from the injected clock, idempotent settle/release, lapsed leases settled at the
 * reserved amount. Nothing persists across restarts and nothing is shared between processes.
 */
export function createMemoryBudgetStore(options: MemoryBudgetStoreOptions = {}): BudgetStore {
  const clock = options.clock ?? Date.now;
  const keepEndedMs = options.keepEndedMs ?? 600_000;
  const scopes = new Map<string, ScopeState>();
  // Open reservations are scanned for lapsed leases on every reserve, so ended ones live apart: `ended` is in the
  // order they ended, and pruning drops from its front.
  const open = new Map<string, ReservationState>();
  const ended = new Map<string, ReservationState>();
  const find = (id: string) => open.get(id) ?? ended.get(id);

  /** The scope in its current window (spend of a past window is not this window's). */
  const current = (id: string, now: number): ScopeState => {
    const scope = scopes.get(id);
    if (scope === undefined) throw unknownScope(id);
    const { startMs } = budgetWindow(scope.period, now);
    if (startMs !== scope.windowStartMs) {
      scope.windowStartMs = startMs;
      scope.spent = 0n;
    }
    return scope;
  };

  const end = (
    reservationId: string,
    reservation: ReservationState,
    actual: PicoUsd,
    state: ReservationState['state'],
    now: number,
  ) => {
    reservation.scopes.forEach((id, index) => {
      const scope = current(id, now);
      scope.reserved -= reservation.amount;
      scope.open--;
      if (scope.windowStartMs === reservation.windowStarts[index]) scope.spent += actual;
    });
    reservation.state = state;
    reservation.overrun = actual > reservation.amount ? actual - reservation.amount : 0n;
    reservation.endedMs = now;
    open.delete(reservationId);
    ended.set(reservationId, reservation);
  };

  const expire = (now: number): number => {
    let count = 0;
    for (const [id, reservation] of open) {
      if (reservation.leaseUntilMs <= now) {
        end(id, reservation, reservation.amount, 'expired', now);
        count++;
      }
    }
    for (const [id, reservation] of ended) {
      if (now - reservation.endedMs <= keepEndedMs) break;
      ended.delete(id);
    }
    return count;
  };

  return {
    async define(definitions) {
      const now = clock();
      for (const definition of definitions) checkScopeDefinition(definition);
      for (const { id, limit, period = 'none', closedAtMs } of definitions) {
        const existing = scopes.get(id);
        if (existing === undefined) {
          scopes.set(id, {
            limit,
            period,
            windowStartMs: budgetWindow(period, now).startMs,
            spent: 0n,
            reserved: 0n,
            open: 0,
            closedAtMs,
          });
          continue;
        }
        current(id, now);
        existing.limit = limit;
        existing.closedAtMs = closedAtMs;
        if (existing.period !== period) {
          // A new period starts its window now; the spend so far is kept in it.
          existing.period = period;
          existing.windowStartMs = budgetWindow(period, now).startMs;
        }
      }
    },
    async remaining(ids) {
      const now = clock();
      let smallest: PicoUsd | undefined;
      for (const id of ids) {
        const room = roomOf(current(id, now), now);
        if (room !== undefined && (smallest === undefined || room < smallest)) smallest = room;
      }
      return smallest;
    },
    async reserve(reservation) {
      checkBudgetReservation(reservation);
      const now = clock();
      expire(now);
      if (find(reservation.id) !== undefined) return { ok: true };
      const states = reservation.scopes.map((id) => current(id, now));
      for (let i = 0; i < states.length; i++) {
        const scope = states[i]!;
        const room = roomOf(scope, now);
        if (isClosed(scope, now) || (room !== undefined && reservation.amount > room)) {
          return {
            ok: false,
            scope: reservation.scopes[i]!,
            limit: scope.limit ?? 0n,
            remaining: room ?? 0n,
          };
        }
      }
      for (const scope of states) {
        scope.reserved += reservation.amount;
        scope.open++;
      }
      open.set(reservation.id, {
        scopes: [...reservation.scopes],
        windowStarts: states.map((scope) => scope.windowStartMs),
        amount: reservation.amount,
        state: 'open',
        overrun: 0n,
        leaseUntilMs: now + reservation.leaseMs,
        endedMs: 0,
      });
      return { ok: true };
    },
    async settle(id, actual) {
      checkBudgetAmount(actual, 'actual');
      const reservation = find(id);
      if (reservation === undefined) {
        throw new InvalidArgumentError({ argument: 'id', message: `Unknown reservation "${id}".` });
      }
      if (reservation.state === 'open') end(id, reservation, actual, 'settled', clock());
      return { state: reservation.state as 'settled' | 'released' | 'expired', overrun: reservation.overrun };
    },
    async release(id) {
      const reservation = find(id);
      if (reservation === undefined) return { state: 'unknown' };
      if (reservation.state === 'open') end(id, reservation, 0n, 'released', clock());
      return { state: reservation.state as 'settled' | 'released' | 'expired' };
    },
    async renew(id, leaseMs) {
      checkLeaseMs(leaseMs);
      const now = clock();
      // A lapsed lease is swept first, as the PostgreSQL store's next reserve would: a renewal cannot revive it.
      expire(now);
      const reservation = find(id);
      if (reservation === undefined) return { state: 'unknown' };
      if (reservation.state === 'open') reservation.leaseUntilMs = now + leaseMs;
      return { state: reservation.state };
    },
    async snapshot(id): Promise<BudgetScopeSnapshot | undefined> {
      if (!scopes.has(id)) return undefined;
      const now = clock();
      const scope = current(id, now);
      const window = budgetWindow(scope.period, now);
      const snapshot: BudgetScopeSnapshot = {
        id,
        limit: scope.limit,
        period: scope.period,
        spent: scope.spent,
        reserved: scope.reserved,
        remaining: roomOf(scope, now),
        openReservations: scope.open,
      };
      if (window.endMs !== undefined) {
        snapshot.windowStart = new Date(window.startMs).toISOString();
        snapshot.windowEnd = new Date(window.endMs).toISOString();
      }
      return snapshot;
    },
    async expireLeases() {
      return expire(clock());
    },
  };
}

function isClosed(scope: ScopeState, now: number): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent, `undefined <= now` is false anyway
  return scope.closedAtMs !== undefined && scope.closedAtMs <= now;
}

/** What the scope can still hold: nothing once closed, `undefined` without a limit. */
function roomOf(scope: ScopeState, now: number): PicoUsd | undefined {
  if (isClosed(scope, now)) return 0n;
  if (scope.limit === undefined) return undefined;
  const room = scope.limit - scope.spent - scope.reserved;
  return room > 0n ? room : 0n;
}

function unknownScope(id: string): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: 'scopes',
    message: `Unknown budget scope "${id}": define it before reserving on it.`,
  });
}
