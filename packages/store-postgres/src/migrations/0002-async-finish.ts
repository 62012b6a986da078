/**
 * Settles and releases commit without waiting for the WAL flush (`synchronous_commit = off` for that transaction
 * only): one disk flush less on every call's path. A settle or release lost in a server crash leaves its
 * reservation open; its lease then lapses and it is settled at its reserved worst case — an over-count, never an
 * under-count, the same outcome as a replica that died mid-call. Reserves, sweeps, keys and the ledger keep the
 * synchronous commit.
 */
export const asyncFinishMigration = `
-- Ends one reservation as 'settled' (at p_actual) or 'released' (nothing spent). Idempotent: an ended
-- reservation answers how it ended and changes nothing.
create or replace function {{schema}}.tw_finish(p_id text, p_actual numeric, p_state text, p_now bigint)
returns table (r_state text, r_overrun numeric)
language plpgsql as $$
declare
  v_res record;
begin
  select * into v_res from {{schema}}.budget_reservations where id = p_id for update;
  if not found then
    if p_state = 'released' then
      return query select 'none'::text, 0::numeric;
      return;
    end if;
    raise exception using errcode = 'TW002', message = format('Unknown reservation "%s".', p_id);
  end if;
  if v_res.state <> 'open' then
    return query select v_res.state, v_res.overrun;
    return;
  end if;
  -- Only this transaction's commit skips the wait for the WAL flush. Safe for money: a settle or release that a
  -- server crash loses leaves the reservation open, and its lapsed lease is then settled at the reserved worst
  -- case, never below. (Reserves keep the synchronous commit: a lost reserve would under-count.)
  perform set_config('synchronous_commit', 'off', true);
  perform {{schema}}.tw_lock_scopes(v_res.scopes, p_now);
  perform {{schema}}.tw_end(array[p_id], array[p_actual], p_state, p_now);
  return query select p_state, greatest(p_actual - v_res.amount, 0);
end
$$;
`;
