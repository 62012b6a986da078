/**
 * Scopes that close: a key's budget scope refuses every reservation once the key is revoked, disabled or past its
 * expiry, and a team's once the team is disabled (`closed_at_ms`, epoch ms; `0` = closed for good). The key store
 * writes it in the same transaction as the key, and `tw_reserve` checks it under the scope's lock — so a revoke is
 * enforced at the next reservation on every replica even when a replica serves a cached authentication (the key
 * store's cache is dropped on the change notification, which can arrive a moment later).
 */
export const closedScopesMigration = `
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
  v_missing text;
begin
  if exists (select 1 from {{schema}}.budget_reservations where id = p_id) then
    return query select true, null::text, null::numeric, null::numeric;
    return;
  end if;
  perform {{schema}}.tw_expire(p_now, p_scopes);
  select s into v_missing from unnest(p_scopes) s
   where not exists (select 1 from {{schema}}.budget_scopes b where b.id = s) limit 1;
  if v_missing is not null then
    raise exception using errcode = 'TW001',
      message = format('Unknown budget scope "%s": define it before reserving on it.', v_missing);
  end if;
  for v_i in 1 .. cardinality(p_scopes) loop
    select limit_pico, spent, reserved, window_start_ms, closed_at_ms into v_scope
      from {{schema}}.budget_scopes where id = p_scopes[v_i];
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
