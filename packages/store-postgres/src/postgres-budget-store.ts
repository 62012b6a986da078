import {
  type BudgetPeriod,
  type BudgetReservationState,
  type BudgetScopeDefinition,
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
import type { Sql, TransactionSql } from 'postgres';
import { withRetry } from './sql-errors.js';
import { createWriteBehindSettles, type SettleOutcome, type SettleWarning } from './write-behind-settles.js';

interface ScopeRow {
  id: string;
  limit_pico: string | null;
  period: BudgetPeriod;
  window_start_ms: string;
  spent: string;
  reserved: string;
  open_count: number;
  closed_at_ms: string | null;
}

/**
 * Creates or updates scopes in one statement (used by the budget store and, inside its own transactions, by the
 * key store). Spend is kept; a changed period starts its window now, keeping the spend of the current one.
 */
export async function defineScopes(
  sql: Sql | TransactionSql,
  definitions: readonly BudgetScopeDefinition[],
  nowMs: number,
): Promise<void> {
  for (const definition of definitions) checkScopeDefinition(definition);
  if (definitions.length === 0) return;
  const ids = definitions.map((d) => d.id);
  const limits = definitions.map((d) => (d.limit === undefined ? null : d.limit.toString()));
  const periods = definitions.map((d) => d.period ?? 'none');
  const closed = definitions.map((d) => (d.closedAtMs === undefined ? null : String(d.closedAtMs)));
  await sql`
    insert into budget_scopes (id, limit_pico, period, window_start_ms, closed_at_ms)
    select d.id, d.limit_pico::numeric, d.period, tw_window_start(d.period, ${nowMs}::bigint), d.closed_at_ms::bigint
      from unnest(${ids}::text[], ${limits as string[]}::text[], ${periods}::text[], ${closed as string[]}::text[])
        as d(id, limit_pico, period, closed_at_ms)
    on conflict (id) do update set
      limit_pico = excluded.limit_pico,
      period = excluded.period,
      closed_at_ms = excluded.closed_at_ms,
      spent = case when budget_scopes.window_start_ms <> tw_window_start(budget_scopes.period, ${nowMs}::bigint)
                   then 0 else budget_scopes.spent end,
      window_start_ms = case when budget_scopes.period <> excluded.period
                             or budget_scopes.window_start_ms <> tw_window_start(budget_scopes.period, ${nowMs}::bigint)
                             then excluded.window_start_ms else budget_scopes.window_start_ms end`;
}

/** Options of {@link createPostgresBudgetStore}. */
export interface PostgresBudgetStoreOptions {
  /** Told when a write-behind settle could not land (the reservation will lapse at its worst case). */
  onSettleWarning?: (warning: SettleWarning) => void;
  /**
   * How long a settle written behind waits for others to share its transaction (default 20 ms; `0` writes each
   * alone). Reads of this store object and refused reserves on the same scopes do not wait for it: they send the
   * batch at once.
   */
  settleBatchMs?: number;
  /**
   * A connection of the budget's own (a pool of one, `max: 1`) that reserves and settle batches take while it is
   * free, the pool otherwise: back-to-back calls then meet one warm server process instead of the pool's least
   * recently used one (measured: ~0.1–0.2 ms less per reservation at one connection on a 2-core machine).
   */
  lane?: Sql;
}

/** The PostgreSQL budget store, with the wait its owner makes before closing the pool. */
export interface PostgresBudgetStore extends BudgetStore {
  /** Resolves once every settle written behind so far has landed (or been given up). */
  flush(): Promise<void>;
  /** Waits for the settles still being written (retries stop); call before closing the connection pool. */
  close(): Promise<void>;
}

/**
 * A {@link BudgetStore} on PostgreSQL. Each operation is one round trip: a call of a PL/pgSQL function that runs
 * in its own transaction, locks the scope rows it touches in id order (so concurrent calls cannot deadlock),
 * checks `spent + reserved + amount ≤ limit` on every scope and writes, then commits. No lock outlives the call,
 * so nothing is held while the upstream answers. A scope the key store closed (a revoked, disabled or expired
 * key, a disabled team) refuses every reservation with nothing left.
 *
 * The settle of a reservation this object holds is written behind: it answers at once (the overrun is known
 * here) and the database takes it a moment later, with the other settles of the next few milliseconds in one
 * transaction (`settleBatchMs`), so a call does not wait a round trip at its end. Until it lands the reservation
 * still counts at its worst case; reads of this object send it and wait for it, and a reserve that is refused
 * while one is pending on its scopes tries again once it landed. A process that dies first leaves the
 * reservation to lapse, and it is settled at its worst case, as after any crash mid-call.
 */
export function createPostgresBudgetStore(
  sql: Sql,
  clock: () => number = Date.now,
  options: PostgresBudgetStoreOptions = {},
): PostgresBudgetStore {
  const batchMs = options.settleBatchMs ?? 20;
  let laneBusy = false;
  /** Runs `statement` on the lane when it is free, on the pool otherwise. */
  const hot = async <T>(statement: (on: Sql) => Promise<T>): Promise<T> => {
    if (options.lane === undefined || laneBusy) return statement(sql);
    laneBusy = true;
    try {
      return await statement(options.lane);
    } finally {
      laneBusy = false;
    }
  };
  const settles = createWriteBehindSettles({
    batchMs,
    onWarning: options.onSettleWarning ?? (() => {}),
    async write(batch) {
      const ids = batch.map((entry) => entry.id);
      const actuals = batch.map((entry) => entry.actual.toString());
      const rows = await withRetry(() =>
        hot(
          (on) => on<{ r_id: string; r_state: SettleOutcome }[]>`
          select * from tw_settle_many(${ids}::text[], ${actuals}::numeric[], ${clock()}::bigint)`,
        ),
      );
      return new Map(rows.map((row) => [row.r_id, row.r_state]));
    },
  });
  /** Reservations made through this object and not ended yet: what a write-behind settle needs. */
  const held = new Map<
    string,
    { scopes: readonly string[]; amount: PicoUsd; leaseMs: number; leaseUntilMs: number }
  >();
  const finish = async (id: string, actual: PicoUsd) => {
    const [row] = await withRetry(
      () => sql<{ r_state: 'settled' | 'released' | 'expired'; r_overrun: string }[]>`
        select * from tw_finish(${id}, ${actual.toString()}::numeric, 'settled', ${clock()}::bigint)`,
    );
    return { state: row!.r_state, overrun: BigInt(row!.r_overrun) };
  };
  const reserveOnServer = async (reservation: Parameters<BudgetStore['reserve']>[0]) => {
    const { id, scopes, amount, leaseMs, label } = reservation;
    const [row] = await withRetry(() =>
      hot(
        (on) => on<
          { r_ok: boolean; r_scope: string | null; r_limit: string | null; r_remaining: string | null }[]
        >`
          select * from tw_reserve(${id}, ${scopes as string[]}::text[], ${amount.toString()}::numeric,
            ${clock()}::bigint, ${leaseMs}::bigint, ${label ?? null})`,
      ),
    );
    if (row === undefined) throw new Error('tw_reserve returned no row.');
    return row;
  };
  const rowsOf = async (ids: readonly string[]): Promise<Map<string, ScopeRow>> => {
    const rows = await sql<ScopeRow[]>`
      select id, limit_pico, period, window_start_ms, spent, reserved, open_count, closed_at_ms
        from budget_scopes where id = any(${ids as string[]}::text[])`;
    return new Map(rows.map((row) => [row.id, row]));
  };

  return {
    async define(definitions) {
      await withRetry(() => defineScopes(sql, definitions, clock()));
    },
    async remaining(ids) {
      await settles.landed(ids);
      const now = clock();
      const rows = await rowsOf(ids);
      let smallest: PicoUsd | undefined;
      for (const id of ids) {
        const row = rows.get(id);
        if (row === undefined) throw unknownScope(id);
        const room = figures(row, now).remaining;
        if (room !== undefined && (smallest === undefined || room < smallest)) smallest = room;
      }
      return smallest;
    },
    async reserve(reservation) {
      checkBudgetReservation(reservation);
      // Asked before sending: a settle that lands while the reserve is on its way may have been counted too.
      const settling = settles.pendingOn(reservation.scopes);
      let row = await reserveOnServer(reservation);
      if (!row.r_ok && settling) {
        // A settle of this process still counted at its worst case there: ask again once it landed.
        await settles.landed(reservation.scopes);
        row = await reserveOnServer(reservation);
      }
      if (row.r_ok) {
        // A reservation ended elsewhere (another store object settled it, or its lease lapsed) never comes back
        // here: forget those past their lease now and then, so the map stays the size of the calls in flight.
        if (held.size >= 10_000) {
          const now = clock();
          for (const [id, entry] of held) if (entry.leaseUntilMs <= now) held.delete(id);
        }
        held.set(reservation.id, {
          scopes: [...reservation.scopes],
          amount: reservation.amount,
          leaseMs: reservation.leaseMs,
          leaseUntilMs: clock() + reservation.leaseMs,
        });
        return { ok: true };
      }
      return {
        ok: false,
        scope: row.r_scope!,
        limit: BigInt(row.r_limit!),
        remaining: BigInt(row.r_remaining!),
      };
    },
    async settle(id, actual) {
      checkBudgetAmount(actual, 'actual');
      const mine = held.get(id);
      held.delete(id);
      // Written behind only while the lease is safely alive, its batch's wait included: near or past its end a
      // sweeper may have settled it, and only the server can say so.
      if (mine !== undefined && mine.leaseUntilMs - clock() > Math.min(5_000, mine.leaseMs / 3) + batchMs) {
        settles.start(id, mine.scopes, actual);
        return { state: 'settled', overrun: actual > mine.amount ? actual - mine.amount : 0n };
      }
      await settles.settled(id);
      return finish(id, actual);
    },
    async release(id) {
      held.delete(id);
      await settles.settled(id);
      const [row] = await withRetry(
        () => sql<{ r_state: 'settled' | 'released' | 'expired' | 'none' }[]>`
          select * from tw_finish(${id}, 0::numeric, 'released', ${clock()}::bigint)`,
      );
      return { state: row!.r_state === 'none' ? 'unknown' : row!.r_state };
    },
    async renew(id, leaseMs) {
      checkLeaseMs(leaseMs);
      await settles.settled(id);
      const now = clock();
      // One round trip while the lease is alive. A lapsed lease is never revived: it is swept (at its reserved
      // amount, as any replica's next reserve would) and the holder learns it was `expired`.
      const renewed = await sql`update budget_reservations set lease_until_ms = ${now + leaseMs}::bigint
                                 where id = ${id} and state = 'open' and lease_until_ms > ${now}::bigint
                                 returning 1`;
      if (renewed.length > 0) {
        const mine = held.get(id);
        if (mine !== undefined) mine.leaseUntilMs = now + leaseMs;
        return { state: 'open' };
      }
      // Ended or lapsed: a settle of it must ask the server how it ended.
      held.delete(id);
      await withRetry(() => sql`select tw_expire(${now}::bigint, '{}'::text[])`);
      const [row] = await sql<{ state: BudgetReservationState }[]>`
        select state from budget_reservations where id = ${id}`;
      return { state: row?.state ?? 'unknown' };
    },
    async snapshot(id) {
      await settles.landed([id]);
      const row = (await rowsOf([id])).get(id);
      if (row === undefined) return undefined;
      const now = clock();
      const { spent, remaining } = figures(row, now);
      const limit = row.limit_pico === null ? undefined : BigInt(row.limit_pico);
      const snapshot: BudgetScopeSnapshot = {
        id,
        limit,
        period: row.period,
        spent,
        reserved: BigInt(row.reserved),
        remaining,
        openReservations: row.open_count,
      };
      const window = budgetWindow(row.period, now);
      if (window.endMs !== undefined) {
        snapshot.windowStart = new Date(window.startMs).toISOString();
        snapshot.windowEnd = new Date(window.endMs).toISOString();
      }
      return snapshot;
    },
    async flush() {
      await settles.landed();
    },
    async close() {
      await settles.close();
    },
    async expireLeases() {
      await settles.landed();
      const [row] = await withRetry(
        () => sql<{ n: number }[]>`select tw_expire(${clock()}::bigint, '{}'::text[]) as n`,
      );
      return row!.n;
    },
  };
}

/**
 * Spend and room of a row as of `now`: a row whose window has passed has spent nothing in the current one, and a
 * closed scope (its key revoked, disabled or expired, its team disabled) has no room.
 */
function figures(row: ScopeRow, now: number): { spent: PicoUsd; remaining: PicoUsd | undefined } {
  const current = budgetWindow(row.period, now).startMs === Number(row.window_start_ms);
  const spent = current ? BigInt(row.spent) : 0n;
  if (row.closed_at_ms !== null && Number(row.closed_at_ms) <= now) return { spent, remaining: 0n };
  if (row.limit_pico === null) return { spent, remaining: undefined };
  const room = BigInt(row.limit_pico) - spent - BigInt(row.reserved);
  return { spent, remaining: room > 0n ? room : 0n };
}

function unknownScope(id: string): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: 'scopes',
    message: `Unknown budget scope "${id}": define it before reserving on it.`,
  });
}
