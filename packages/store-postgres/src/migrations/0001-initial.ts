/**
 * The first schema: budget scopes and reservations (with the functions that reserve, settle and expire in one
 * round trip each), virtual keys and teams, and the ledger. `{{schema}}` is replaced by the quoted schema name.
 * Money columns are `numeric(40,0)`: exact integers of pico-dollars with room far beyond `bigint`.
 */
export const initialMigration = `
create table {{schema}}.budget_scopes (
  id text primary key,
  limit_pico numeric(40,0) check (limit_pico >= 0),
  period text not null default 'none' check (period in ('1d', '7d', '30d', 'month', 'none')),
  window_start_ms bigint not null default 0,
  spent numeric(40,0) not null default 0,
  reserved numeric(40,0) not null default 0,
  open_count integer not null default 0
);

create table {{schema}}.budget_reservations (
  id text primary key,
  scopes text[] not null,
  window_starts bigint[] not null,
  amount numeric(40,0) not null check (amount >= 0),
  state text not null default 'open' check (state in ('open', 'settled', 'released', 'expired')),
  actual numeric(40,0),
  overrun numeric(40,0) not null default 0,
  lease_until_ms bigint not null,
  label text,
  created_ms bigint not null,
  ended_ms bigint
);
create index budget_reservations_open_lease on {{schema}}.budget_reservations (lease_until_ms) where state = 'open';

-- The window of a period containing p_now (epoch ms, UTC), the same rule as budgetWindow() in @tokenwise/spec.
create function {{schema}}.tw_window_start(p_period text, p_now bigint) returns bigint
language sql immutable as $$
  select case p_period
    when 'none' then 0::bigint
    when '1d' then p_now - ((p_now % 86400000) + 86400000) % 86400000
    when '7d' then p_now - ((p_now % 604800000) + 604800000) % 604800000
    when '30d' then p_now - ((p_now % 2592000000) + 2592000000) % 2592000000
    when 'month' then (extract(epoch from date_trunc('month', to_timestamp(div(p_now, 1000)) at time zone 'UTC')) * 1000)::bigint
  end
$$;

-- Locks scope rows in id order (every function takes them in that order, so they cannot deadlock) and moves
-- each to its current window (a new window starts with nothing spent).
create function {{schema}}.tw_lock_scopes(p_scopes text[], p_now bigint) returns integer
language plpgsql as $$
declare
  v_count integer;
begin
  -- A transaction-level advisory lock per scope first, in id order: waiters queue fairly on it, instead of all
  -- waking and re-contending for the row each time its holder commits (a hot key has many waiters).
  perform pg_advisory_xact_lock(hashtextextended('tokenwise:scope:' || s.id, 0))
     from (select distinct id from unnest(p_scopes) as u(id) order by id) s;
  select count(*) into v_count from (
    select id from {{schema}}.budget_scopes where id = any(p_scopes) order by id for update
  ) locked;
  update {{schema}}.budget_scopes
     set spent = 0, window_start_ms = {{schema}}.tw_window_start(period, p_now)
   where id = any(p_scopes) and window_start_ms <> {{schema}}.tw_window_start(period, p_now);
  return v_count;
end
$$;

-- Ends open reservations whose rows and scopes the caller has locked: each scope gives back the held amount and
-- counts the actual cost as spent when the reservation was made in the scope's current window. A null actual
-- means the reserved amount (lapsed leases).
create function {{schema}}.tw_end(p_ids text[], p_actuals numeric[], p_state text, p_now bigint) returns void
language plpgsql as $$
declare
  v_res record;
  v_actual numeric;
  v_i integer;
begin
  for v_res in select * from {{schema}}.budget_reservations where id = any(p_ids) and state = 'open' order by id loop
    v_actual := coalesce(p_actuals[array_position(p_ids, v_res.id)], v_res.amount);
    for v_i in 1 .. cardinality(v_res.scopes) loop
      update {{schema}}.budget_scopes
         set reserved = reserved - v_res.amount,
             open_count = open_count - 1,
             spent = spent + case when window_start_ms = v_res.window_starts[v_i] then v_actual else 0 end
       where id = v_res.scopes[v_i];
    end loop;
    update {{schema}}.budget_reservations
       set state = p_state, actual = v_actual, overrun = greatest(v_actual - amount, 0), ended_ms = p_now
     where id = v_res.id;
  end loop;
end
$$;

-- Settles every lapsed lease at its reserved amount ('expired'). Rows another transaction holds are skipped:
-- it is settling them right now.
create function {{schema}}.tw_expire(p_now bigint, p_extra_scopes text[]) returns integer
language plpgsql as $$
declare
  v_ids text[];
  v_scopes text[];
begin
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

-- Holds p_amount on every scope or on none, in one transaction; lapsed leases are settled first.
create function {{schema}}.tw_reserve(
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
    select limit_pico, spent, reserved, window_start_ms into v_scope
      from {{schema}}.budget_scopes where id = p_scopes[v_i];
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

-- Ends one reservation as 'settled' (at p_actual) or 'released' (nothing spent). Idempotent: an ended
-- reservation answers how it ended and changes nothing.
create function {{schema}}.tw_finish(p_id text, p_actual numeric, p_state text, p_now bigint)
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
  perform {{schema}}.tw_lock_scopes(v_res.scopes, p_now);
  perform {{schema}}.tw_end(array[p_id], array[p_actual], p_state, p_now);
  return query select p_state, greatest(p_actual - v_res.amount, 0);
end
$$;

create table {{schema}}.teams (
  seq bigserial unique,
  id text primary key,
  name text not null,
  budget numeric(40,0),
  period text not null,
  max_per_request numeric(40,0),
  enabled boolean not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table {{schema}}.virtual_keys (
  seq bigserial unique,
  id text primary key,
  name text not null,
  prefix text not null,
  secret_hash text not null unique,
  team_id text references {{schema}}.teams (id),
  budget numeric(40,0),
  period text not null,
  max_per_request numeric(40,0),
  allowed_models text[] not null,
  allowed_strategies text[] not null,
  expires_at timestamptz,
  enabled boolean not null,
  revoked_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index virtual_keys_team on {{schema}}.virtual_keys (team_id);

create table {{schema}}.ledger_records (
  seq bigserial primary key,
  kind text not null,
  ts text not null,
  ts_ms bigint,
  day text not null,
  source text not null,
  model_id text,
  success boolean not null,
  cost numeric(40,0) not null default 0,
  total_cost numeric(40,0) not null default 0,
  planner_cost numeric(40,0) not null default 0,
  wasted_cost numeric(40,0) not null default 0,
  entries_cost numeric(40,0) not null default 0,
  entries_wasted numeric(40,0) not null default 0,
  input_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  key_id text,
  team_id text,
  request_id text,
  writer_id text,
  record jsonb not null
);
create index ledger_records_ts on {{schema}}.ledger_records (ts_ms);
create index ledger_records_key on {{schema}}.ledger_records (key_id) where key_id is not null;
create index ledger_records_team on {{schema}}.ledger_records (team_id) where team_id is not null;

create table {{schema}}.ledger_entries (
  record_seq bigint not null references {{schema}}.ledger_records (seq) on delete cascade,
  idx integer not null,
  model_id text not null,
  success boolean not null,
  cost numeric(40,0) not null,
  input_tokens bigint not null,
  output_tokens bigint not null,
  primary key (record_seq, idx)
);

-- One row per process that writes the ledger, refreshed while it lives (last_flush_at) and closed at exit, so a
-- later start can tell a crashed writer (never closed, silent) from a live replica.
create table {{schema}}.ledger_writers (
  id text primary key,
  started_at timestamptz not null,
  last_flush_at timestamptz,
  closed_at timestamptz,
  crash_reported_at timestamptz
);
`;
