/**
 * Lean locks, and scopes that close.
 *
 * `tw_lock_scopes` takes one scope's advisory lock without sorting a set, and rolls a scope into its current
 * window only when it left it (the old version ran an UPDATE every time); `tw_expire` looks for a lapsed lease
 * with one index probe before collecting anything; `tw_reserve` finds a missing scope in the loop that reads the
 * scopes. Measured server-side per call (`track_functions`, 2,000 reserve + settle pairs on one key, loaded 2-core
 * machine): reserve 0.53 → 0.25 ms, settle 0.39 → 0.20 ms.
 *
 * Scopes that close: a key's budget scope refuses every reservation once the key is revoked, disabled or past its
 * expiry, and a team's once the team is disabled (`closed_at_ms`, epoch ms; `0` = closed for good). The key store
 * writes it in the same transaction as the key, and `tw_reserve` checks it under the scope's lock — so a revoke is
 * enforced at the next reservation on every replica even when a replica serves a cached authentication (the key
 * store's cache is dropped on the change notification, which can arrive a moment later).
 */
export const leanLocksClosedScopesMigration = `
alter table {{schema}}.budget_scopes add column closed_at_ms bigint;

update {{schema}}.budget_scopes s
   set closed_at_ms = case
     when k.revoked_at is not null or not k.enabled then 0
     when k.expires_at is not null then (extract(epoch from k.expires_at) * 1000)::bigint
   end
  from {{schema}}.virtual_keys k
 where s.id = 'key:' || k.id;

update {{schema}}.budget_scopes s
   set closed_at_ms = case when t.enabled then null else 0 end
  from {{schema}}.teams t
 where s.id = 'team:' || t.id;

-- Locks scope rows in id order (every function takes them in that order, so they cannot deadlock) and moves
-- each to its current window (a new window starts with nothing spent).
create or replace function {{schema}}.tw_lock_scopes(p_scopes text[], p_now bigint) returns integer
language plpgsql as $$
declare
  v_count integer := 0;
  v_row record;
begin
  -- A transaction-level advisory lock per scope first, in id order: waiters queue fairly on it, instead of all
  -- waking and re-contending for the row each time its holder commits (a hot key has many waiters).
  if cardinality(p_scopes) = 1 then
    perform pg_advisory_xact_lock(hashtextextended('tokenwise:scope:' || p_scopes[1], 0));
  else
    perform pg_advisory_xact_lock(hashtextextended('tokenwise:scope:' || s.id, 0))
       from (select distinct id from unnest(p_scopes) as u(id) order by id) s;
  end if;
  for v_row in select id, period, window_start_ms from {{schema}}.budget_scopes
                where id = any(p_scopes) order by id for update loop
    v_count := v_count + 1;
    if v_row.window_start_ms <> {{schema}}.tw_window_start(v_row.period, p_now) then
      update {{schema}}.budget_scopes
         set spent = 0, window_start_ms = {{schema}}.tw_window_start(period, p_now)
       where id = v_row.id;
    end if;
  end loop;
  return v_count;
end
$$;

-- Settles every lapsed lease at its reserved amount ('expired'), then holds the locks of p_extra_scopes too.
-- Rows another transaction holds are skipped: it is settling them right now.
create or replace function {{schema}}.tw_expire(p_now bigint, p_extra_scopes text[]) returns integer
language plpgsql as $$
declare
  v_ids text[];
  v_scopes text[];
begin
  if not exists (select 1 from {{schema}}.budget_reservations where state = 'open' and lease_until_ms <= p_now) then
    perform {{schema}}.tw_lock_scopes(p_extra_scopes, p_now);
    return 0;
  end if;
  select array_agg(id) into v_ids from (
    select id from {{schema}}.budget_reservations
     where state = 'open' and lease_until_ms <= p_now
     order by id for update skip locked
  ) lapsed;
  select array_agg(distinct scope) into v_scopes from (
    select unnest(scopes) as scope from {{schema}}.budget_reservations where id = any(coalesce(v_ids, '{}'))
    union all
    select unnest(p_extra_scopes)
  ) s;
  perform {{schema}}.tw_lock_scopes(coalesce(v_scopes, '{}'), p_now);
  if v_ids is null then
    return 0;
  end if;
  perform {{schema}}.tw_end(v_ids, '{}', 'expired', p_now);
  return cardinality(v_ids);
end
$$;

-- Holds p_amount on every scope or on none, in one transaction; lapsed leases are settled first. A closed scope
-- refuses with nothing left.
create or replace function {{schema}}.tw_reserve(
  p_id text, p_scopes text[], p_amount numeric, p_now bigint, p_lease_ms bigint, p_label text
) returns table (r_ok boolean, r_scope text, r_limit numeric, r_remaining numeric)
language plpgsql as $$
declare
  v_scope record;
  v_starts bigint[] := '{}';
  v_i integer;
begin
  if exists (select 1 from {{schema}}.budget_reservations where id = p_id) then
    return query select true, null::text, null::numeric, null::numeric;
    return;
  end if;
  perform {{schema}}.tw_expire(p_now, p_scopes);
  for v_i in 1 .. cardinality(p_scopes) loop
    select limit_pico, spent, reserved, window_start_ms, closed_at_ms into v_scope
      from {{schema}}.budget_scopes where id = p_scopes[v_i];
    if not found then
      raise exception using errcode = 'TW001',
        message = format('Unknown budget scope "%s": define it before reserving on it.', p_scopes[v_i]);
    end if;
    if v_scope.closed_at_ms is not null and v_scope.closed_at_ms <= p_now then
      return query select false, p_scopes[v_i], coalesce(v_scope.limit_pico, 0), 0::numeric;
      return;
    end if;
    if v_scope.limit_pico is not null and v_scope.spent + v_scope.reserved + p_amount > v_scope.limit_pico then
      return query select false, p_scopes[v_i], v_scope.limit_pico,
        greatest(v_scope.limit_pico - v_scope.spent - v_scope.reserved, 0);
      return;
    end if;
    v_starts := v_starts || v_scope.window_start_ms;
  end loop;
  update {{schema}}.budget_scopes set reserved = reserved + p_amount, open_count = open_count + 1
   where id = any(p_scopes);
  insert into {{schema}}.budget_reservations (id, scopes, window_starts, amount, lease_until_ms, label, created_ms)
  values (p_id, p_scopes, v_starts, p_amount, p_now + p_lease_ms, p_label, p_now);
  return query select true, null::text, null::numeric, null::numeric;
end
$$;
`;
