import {
  InvalidArgumentError,
  type LedgerReadOptions,
  type LedgerRecord,
  type LedgerStore,
  type LedgerSummary,
  type SpendBreakdown,
} from '@tokenwise/spec';
import type { Sql } from 'postgres';
import { decodeRecordJson, type LedgerRow, toLedgerRow } from './ledger-record-codec.js';

/** Options of the PostgreSQL ledger store. */
export interface PostgresLedgerOptions {
  /** Most records per insert (default 200). */
  batchSize?: number;
  /** How long an append waits for others to share its insert, in ms (default 5). */
  flushMs?: number;
  /**
   * Applied to every record before it is stored, e.g. `redactRecord` semantics from `@tokenwise/ledger` (this
   * package imports only spec, so the composition passes it). Default: records are stored as given.
   */
  redact?: (record: LedgerRecord) => LedgerRecord;
  /** How often a writer records that it is alive, in ms (default 30 s). */
  heartbeatMs?: number;
  /** A writer never closed and silent for this long is taken as crashed at the next start (default 2 min). */
  staleAfterMs?: number;
}

/** The PostgreSQL ledger store: a `LedgerStore` plus what a process needs at start and at exit. */
export interface PostgresLedgerStore extends LedgerStore {
  /** Id of this process's writer row in `ledger_writers`. */
  readonly writerId: string;
  /** Writes what is queued now; resolves when it is committed. */
  flush(): Promise<void>;
  /** Flushes and marks the writer closed (a clean exit). Appends after close are refused. */
  close(): Promise<void>;
  /** Earlier writers found to have stopped without closing (a crash): one message each, reported once by one replica. */
  readonly crashWarnings: readonly string[];
}

interface Pending {
  row: LedgerRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Opens the ledger on PostgreSQL. Appends are batched: records arriving within `flushMs` share one insert (one
 * round trip, records and task entries together), and each `append` resolves only once its batch is committed, so
 * a crash loses at most the batch in flight, whose callers were never told it was saved. Each writer has a row in
 * `ledger_writers` that it refreshes every `heartbeatMs` and marks closed on `close()`; at start, a row never
 * closed and silent for `staleAfterMs` belonged to a process that died, and is reported once in `crashWarnings`.
 */
export async function openPostgresLedgerStore(
  sql: Sql,
  options: PostgresLedgerOptions = {},
): Promise<PostgresLedgerStore> {
  const batchSize = options.batchSize ?? 200;
  const flushMs = options.flushMs ?? 5;
  const redact = options.redact ?? ((record: LedgerRecord) => record);
  const writerId = crypto.randomUUID();
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  await sql`insert into ledger_writers (id, started_at, last_flush_at) values (${writerId}, now(), now())`;
  const crashWarnings = await findCrashedWriters(sql, writerId, options.staleAfterMs ?? 120_000);
  // The heartbeat must not keep a process alive, and a failed beat is only a later false alarm, never an error.
  const heartbeat = setInterval(() => {
    sql`update ledger_writers set last_flush_at = now() where id = ${writerId}`.catch(() => {});
  }, heartbeatMs);
  (heartbeat as { unref?: () => void }).unref?.();

  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const writeBatch = async (batch: Pending[]) => {
    try {
      await insertRows(
        sql,
        batch.map((pending) => pending.row),
        writerId,
      );
      for (const pending of batch) pending.resolve();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  };
  /** Takes the queue and chains its insert after the one in flight, so records keep their order. */
  const startFlush = (): Promise<void> => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    while (queue.length > 0) {
      const batch = queue.slice(0, batchSize);
      queue = queue.slice(batchSize);
      writing = writing.then(() => writeBatch(batch));
    }
    return writing;
  };

  return {
    writerId,
    get crashWarnings() {
      return crashWarnings;
    },
    append(record) {
      if (closed) return Promise.reject(new Error('The PostgreSQL ledger store is closed.'));
      let row: LedgerRow;
      try {
        row = toLedgerRow(redact(record));
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (queue.length >= batchSize) void startFlush();
        else if (timer === undefined) timer = setTimeout(startFlush, flushMs);
      });
    },
    read(readOptions) {
      const { limit, sinceMs } = checkRead(readOptions);
      return readRecords(sql, limit, sinceMs);
    },
    async summary(summaryOptions) {
      const { sinceMs } = checkRead(summaryOptions);
      return summarize(sql, sinceMs);
    },
    flush: startFlush,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      await startFlush();
      await sql`update ledger_writers set closed_at = now() where id = ${writerId}`;
    },
  };
}

async function findCrashedWriters(sql: Sql, writerId: string, staleAfterMs: number): Promise<string[]> {
  // Claiming the rows in the same statement makes the report happen once, whichever replica starts first.
  const crashed = await sql<{ id: string; started_at: Date; last_flush_at: Date | null }[]>`
    update ledger_writers set crash_reported_at = now()
     where closed_at is null and crash_reported_at is null and id <> ${writerId}
       and coalesce(last_flush_at, started_at) < now() - make_interval(secs => ${staleAfterMs / 1000}::float8)
    returning id, started_at, last_flush_at`;
  return crashed.map((writer) => {
    const last = writer.last_flush_at === null ? 'never' : writer.last_flush_at.toISOString();
    return (
      `Ledger writer ${writer.id} (started ${writer.started_at.toISOString()}, last seen ${last}) stopped without ` +
      'closing: the batch it held in memory, if any, was lost (its callers were never told it was saved).'
    );
  });
}

async function insertRows(sql: Sql, rows: readonly LedgerRow[], writerId: string): Promise<void> {
  const column = <T>(pick: (row: LedgerRow) => T) => rows.map(pick);
  const text = (amount: bigint) => amount.toString();
  await sql.begin(async (tx) => {
    await tx`
      with inserted as (
        insert into ledger_records (kind, ts, ts_ms, day, source, model_id, success, cost, total_cost, planner_cost,
          wasted_cost, entries_cost, entries_wasted, input_tokens, output_tokens, key_id, team_id, request_id,
          writer_id, record)
        select r.kind, r.ts, r.ts_ms, r.day, r.source, r.model_id, r.success, r.cost, r.total_cost, r.planner_cost,
               r.wasted_cost, r.entries_cost, r.entries_wasted, r.input_tokens, r.output_tokens, r.key_id,
               r.team_id, r.request_id, ${writerId}, r.record
          from unnest(
            ${column((r) => r.kind)}::text[], ${column((r) => r.ts)}::text[],
            ${column((r) => (r.tsMs === null ? null : String(r.tsMs))) as string[]}::text[]::bigint[], ${column((r) => r.day)}::text[],
            ${column((r) => r.source)}::text[], ${column((r) => r.modelId) as string[]}::text[],
            ${column((r) => String(r.success))}::text[]::boolean[], ${column((r) => text(r.cost))}::text[]::numeric[],
            ${column((r) => text(r.totalCost))}::text[]::numeric[], ${column((r) => text(r.plannerCost))}::text[]::numeric[],
            ${column((r) => text(r.wastedCost))}::text[]::numeric[], ${column((r) => text(r.entriesCost))}::text[]::numeric[],
            ${column((r) => text(r.entriesWasted))}::text[]::numeric[], ${column((r) => String(r.inputTokens))}::text[]::bigint[],
            ${column((r) => String(r.outputTokens))}::text[]::bigint[], ${column((r) => r.keyId) as string[]}::text[],
            ${column((r) => r.teamId) as string[]}::text[], ${column((r) => r.requestId) as string[]}::text[],
            ${column((r) => r.json)}::text[]::jsonb[]
          ) with ordinality as r(kind, ts, ts_ms, day, source, model_id, success, cost, total_cost, planner_cost,
               wasted_cost, entries_cost, entries_wasted, input_tokens, output_tokens, key_id, team_id,
               request_id, record, ord)
         order by r.ord
        returning seq, kind, record
      )
      insert into ledger_entries (record_seq, idx, model_id, success, cost, input_tokens, output_tokens)
      select i.seq, e.ord - 1, e.value ->> 'modelId', (e.value ->> 'success')::boolean,
             (e.value -> 'cost' ->> '$tw:pico')::numeric, (e.value ->> 'inputTokens')::bigint,
             (e.value ->> 'outputTokens')::bigint
        from inserted i, jsonb_array_elements(i.record -> 'entries') with ordinality as e(value, ord)
       where i.kind = 'task'`;
    await tx`update ledger_writers set last_flush_at = now() where id = ${writerId}`;
  });
}

function checkRead(options: LedgerReadOptions = {}): {
  limit: number | undefined;
  sinceMs: number | undefined;
} {
  const { limit, since } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new InvalidArgumentError({
      argument: 'limit',
      message: `Invalid ledger limit ${limit}: expected a whole number of records, 0 or more.`,
    });
  }
  if (since === undefined) return { limit, sinceMs: undefined };
  const sinceMs = since instanceof Date ? since.getTime() : Date.parse(since);
  if (Number.isNaN(sinceMs)) {
    throw new InvalidArgumentError({
      argument: 'since',
      message: `Invalid ledger "since" ${String(since)}: expected a Date or an ISO 8601 time.`,
    });
  }
  return { limit, sinceMs };
}

async function* readRecords(
  sql: Sql,
  limit: number | undefined,
  sinceMs: number | undefined,
): AsyncGenerator<LedgerRecord> {
  if (limit === 0) return;
  const since = sinceMs ?? null;
  const query =
    limit === undefined
      ? sql<{ record: string }[]>`select record::text as record from ledger_records
          where (${since}::bigint is null or ts_ms >= ${since}::bigint) order by seq`
      : sql<{ record: string }[]>`select record from (
          select seq, record::text as record from ledger_records
           where (${since}::bigint is null or ts_ms >= ${since}::bigint) order by seq desc limit ${limit}
        ) last order by seq`;
  for await (const rows of query.cursor(500)) {
    for (const row of rows) yield decodeRecordJson(row.record);
  }
}

interface SliceRow {
  name: string;
  spend: string;
  wasted: string;
  calls: string;
  failed: string;
  input_tokens: string;
  output_tokens: string;
}

/** The summary of `summarizeRecords` (of `@tokenwise/ledger`), computed by the database in three queries. */
async function summarize(sql: Sql, sinceMs: number | undefined): Promise<LedgerSummary> {
  const since = sinceMs ?? null;
  const [totals] = await sql<Record<string, string>[]>`
    with r as (select * from ledger_records where (${since}::bigint is null or ts_ms >= ${since}::bigint))
    select
      coalesce(sum(case kind when 'attempt' then cost when 'task' then total_cost else 0 end), 0)::text as total_spend,
      coalesce(sum(case when kind = 'attempt' and not success then cost when kind = 'task' then wasted_cost else 0 end), 0)::text as total_wasted,
      coalesce(sum(case when kind = 'task' then planner_cost else 0 end), 0)::text as planner,
      count(*) filter (where kind = 'task')::text as tasks,
      count(*) filter (where kind = 'task' and success)::text as succeeded,
      count(*) filter (where kind = 'task' and not success)::text as failed,
      count(*) filter (where kind = 'request')::text as requests,
      count(*) filter (where kind = 'request' and not success)::text as requests_failed,
      (count(*) filter (where kind = 'attempt')
        + (select count(*) from ledger_entries e join r on r.seq = e.record_seq))::text as calls,
      count(*) filter (where kind = 'attempt' and record->>'costSource' = 'unpriced')::text as unpriced
    from r`;
  // Day and source: attempts count fully, requests only open their slice, tasks add their totals and their
  // entries' calls and tokens (entries' costs are already inside the task totals).
  const daySource = await sql<(SliceRow & { by_day: boolean })[]>`
    with r as (select * from ledger_records where (${since}::bigint is null or ts_ms >= ${since}::bigint)),
    c as (
      select day, source, cost as spend, case when success then 0 else cost end as wasted, 1 as calls,
             case when success then 0 else 1 end as failed, input_tokens, output_tokens
        from r where kind = 'attempt'
      union all
      select day, source, 0, 0, 0, 0, 0, 0 from r where kind = 'request'
      union all
      select day, source, total_cost, wasted_cost, 0, 0, 0, 0 from r where kind = 'task'
      union all
      select r.day, r.source, 0, 0, 1, case when e.success then 0 else 1 end, e.input_tokens, e.output_tokens
        from r join ledger_entries e on e.record_seq = r.seq
    )
    select grouping(source) = 1 as by_day, coalesce(day, source) as name, sum(spend)::text as spend,
           sum(wasted)::text as wasted, sum(calls)::text as calls, sum(failed)::text as failed,
           sum(input_tokens)::text as input_tokens, sum(output_tokens)::text as output_tokens
      from c group by grouping sets ((day), (source))`;
  const byModel = await sql<SliceRow[]>`
    with r as (select * from ledger_records where (${since}::bigint is null or ts_ms >= ${since}::bigint)),
    c as (
      select model_id as name, cost as spend, case when success then 0 else cost end as wasted, 1 as calls,
             case when success then 0 else 1 end as failed, input_tokens, output_tokens
        from r where kind = 'attempt'
      union all
      select e.model_id, e.cost, case when e.success then 0 else e.cost end, 1,
             case when e.success then 0 else 1 end, e.input_tokens, e.output_tokens
        from r join ledger_entries e on e.record_seq = r.seq
      union all
      select '(unattributed)', total_cost - entries_cost, wasted_cost - entries_wasted, 0, 0, 0, 0
        from r where kind = 'task' and (total_cost <> entries_cost or wasted_cost <> entries_wasted)
    )
    select name, sum(spend)::text as spend, sum(wasted)::text as wasted, sum(calls)::text as calls,
           sum(failed)::text as failed, sum(input_tokens)::text as input_tokens,
           sum(output_tokens)::text as output_tokens
      from c group by name`;
  const t = totals!;
  return {
    totalSpend: BigInt(t.total_spend!),
    totalWasted: BigInt(t.total_wasted!),
    totalPlannerSpend: BigInt(t.planner!),
    numTasks: Number(t.tasks),
    numSucceeded: Number(t.succeeded),
    numFailed: Number(t.failed),
    numRequests: Number(t.requests),
    numRequestsFailed: Number(t.requests_failed),
    numCalls: Number(t.calls),
    numUnpricedCalls: Number(t.unpriced),
    byModel: slices(byModel),
    byDay: slices(daySource.filter((row) => row.by_day)),
    bySource: slices(daySource.filter((row) => !row.by_day)),
    skippedLines: 0,
  };
}

function slices(rows: readonly SliceRow[]): Record<string, SpendBreakdown> {
  const out: Record<string, SpendBreakdown> = Object.create(null);
  for (const row of rows) {
    out[row.name] = {
      spend: BigInt(row.spend),
      wasted: BigInt(row.wasted),
      calls: Number(row.calls),
      failedCalls: Number(row.failed),
      inputTokens: Number(row.input_tokens),
      outputTokens: Number(row.output_tokens),
    };
  }
  return out;
}
