/**
 * Settles in batches.
 *
 * A replica writes its settles behind the answers, and now gathers the ones that arrive within a few milliseconds
 * into one call of `tw_settle_many`: one transaction, one pass over the scope locks and one commit for the batch,
 * instead of one of each per call. A settle then costs the database a fraction of a transaction, and it contends
 * far less often with the reserves that follow it on the same key (measured: a lone settle after every call added
 * ~0.5 ms to the next call's latency on one connection).
 */
export const settleBatchesMigration = `
-- Ends the open reservations of p_ids as 'settled', each at its p_actuals entry, in one transaction, and answers
-- every id with how it stands: 'settled', 'released', 'expired' (a sweeper charged it first) or 'none' (unknown).
-- Idempotent like tw_finish. Commits without waiting for the WAL flush, for the reason tw_finish does (a lost
-- settle leaves its reservation to lapse at its worst case, never below).
create or replace function {{schema}}.tw_settle_many(p_ids text[], p_actuals numeric[], p_now bigint)
returns table (r_id text, r_state text, r_overrun numeric)
language plpgsql as $$
declare
  v_scopes text[];
begin
  perform set_config('synchronous_commit', 'off', true);
  -- The reservations first, in id order, then their scopes in id order: the order tw_finish and tw_expire take.
  select array_agg(distinct scope) into v_scopes from (
    select unnest(r.scopes) as scope from (
      select scopes from {{schema}}.budget_reservations
       where id = any(p_ids) and state = 'open' order by id for update
    ) r
  ) s;
  if v_scopes is not null then
    perform {{schema}}.tw_lock_scopes(v_scopes, p_now);
    perform {{schema}}.tw_end(p_ids, p_actuals, 'settled', p_now);
  end if;
  return query
    select i.id, coalesce(r.state, 'none'), coalesce(r.overrun, 0::numeric)
      from unnest(p_ids) as i(id)
      left join {{schema}}.budget_reservations r on r.id = i.id;
end
$$;
`;
