import { writeFile } from 'node:fs/promises';
import { aggregateRecords, type LedgerStore } from '@tokenwise/ledger';
import type { AggregateSlice, LedgerAggregate, LedgerAggregateQuery } from '@tokenwise/spec';
import { formatUsd, InvalidArgumentError, toDecimalString } from '@tokenwise/spec';
import type { CliDeps } from '../cli-deps.js';
import { createColors } from '../output/create-colors.js';
import { formatTable } from '../output/format-table.js';
import { renderSpendSvg } from '../output/svg/render-spend-svg.js';
import { writeJson } from '../output/write-json.js';
import type { CommandArgs } from './define-lazy-command.js';

/** What `--by` groups the report by. */
export type LedgerReportBy = 'model' | 'key' | 'team' | 'day';

const BY: readonly LedgerReportBy[] = ['model', 'key', 'team', 'day'];
const HOUR_MS = 3_600_000;

/**
 * Whether `tokenwise ledger` was given a flag of the range report (`--since/--until/--by/--chart`, or `--key` /
 * `--team` with `--summary`); any of the first implies `--summary`.
 */
export function wantsLedgerReport(args: CommandArgs): boolean {
  if (args.summary === true && (args.key !== undefined || args.team !== undefined)) return true;
  return [args.since, args.until, args.by, args.chart].some((value) => value !== undefined);
}

/** `--key` / `--team`: the record filter they ask for (a non-empty id each). */
export function parseOwnerFilter(args: CommandArgs): { keyId?: string; teamId?: string } {
  const filter: { keyId?: string; teamId?: string } = {};
  for (const [flag, value, field] of [
    ['--key', args.key, 'keyId'],
    ['--team', args.team, 'teamId'],
  ] as const) {
    if (value === undefined) continue;
    const id = typeof value === 'string' ? value.trim() : '';
    if (id === '') {
      throw new InvalidArgumentError({
        argument: flag,
        message: `${flag} needs an id, e.g. ${flag} k_abc123.`,
      });
    }
    filter[field] = id;
  }
  return filter;
}

/**
 * `tokenwise ledger --summary` with `--since/--until`, `--by model|key|team|day` and `--chart <file.svg>`: the
 * ledger's aggregate over the range (the store's own `aggregate()` when it has one), as a table, as JSON with
 * exact decimal amounts, and optionally as an SVG of spend over time stacked by model.
 */
export async function runLedgerReport(deps: CliDeps, args: CommandArgs, store: LedgerStore): Promise<void> {
  const { io } = deps;
  const now = Date.now();
  const since = parseInstant(args.since, '--since', now);
  const until = parseInstant(args.until, '--until', now);
  if (since !== undefined && until !== undefined && until <= since) {
    throw new InvalidArgumentError({ argument: '--until', message: '--until must be after --since.' });
  }
  const by = parseBy(args.by);
  const chart = parseChartPath(args.chart);
  const owner = parseOwnerFilter(args);
  const span = (until ?? now) - (since ?? Number.NEGATIVE_INFINITY);
  const sinceIso = since === undefined ? undefined : new Date(since).toISOString();
  const untilIso = until === undefined ? undefined : new Date(until).toISOString();
  const query: LedgerAggregateQuery = {
    top: 0,
    bucket: by === 'day' || span > 3 * 24 * HOUR_MS ? 'day' : 'hour',
    ...owner,
  };
  if (sinceIso !== undefined) query.since = sinceIso;
  if (untilIso !== undefined) query.until = untilIso;
  const result = await aggregateStore(store, query);
  const daily =
    by === 'day' && result.bucket !== 'day'
      ? await aggregateStore(store, { ...query, bucket: 'day' })
      : result;

  if (chart !== undefined) {
    const range = `${sinceIso?.slice(0, 16) ?? 'first record'} → ${untilIso?.slice(0, 16) ?? 'now'}`;
    await writeFile(chart, renderSpendSvg(result, `TokenWise spend by model, ${range} (UTC)`));
  }
  const rows = by === 'day' ? dayRows(daily) : Object.entries(breakdown(result, by));
  if (args.json === true) {
    writeJson(io, {
      since: result.since ?? null,
      until: result.until ?? null,
      by,
      ...(owner.keyId === undefined ? {} : { key: owner.keyId }),
      ...(owner.teamId === undefined ? {} : { team: owner.teamId }),
      totals: sliceJson(result.totals),
      rows: rows.map(([name, slice]) => ({ [by]: name, ...sliceJson(slice) })),
      ...(chart === undefined ? {} : { chart }),
    });
    return;
  }
  const c = createColors(io.color);
  const t = result.totals;
  const whose = [
    owner.keyId === undefined ? '' : ` of key ${owner.keyId}`,
    owner.teamId === undefined ? '' : ` of team ${owner.teamId}`,
  ].join('');
  const header = [
    c.bold(
      `Spend${whose} ${result.since?.slice(0, 16) ?? 'from the first record'} → ${result.until?.slice(0, 16) ?? 'now'}`,
    ),
    `  ${formatUsd(t.spend)} (exact ${toDecimalString(t.spend)} USD), ${t.requests} requests ` +
      `(${t.failedRequests} failed, ${t.failoverRequests} failed over), ${t.attempts} attempts`,
    '',
  ];
  const table = formatTable({
    title: io.stdoutIsTTY ? `By ${by}` : undefined,
    columns: [
      { header: by[0]!.toUpperCase() + by.slice(1), maxWidth: 40 },
      { header: 'Spend', align: 'right' },
      { header: 'Requests', align: 'right' },
      { header: 'Failed', align: 'right' },
      { header: 'Attempts', align: 'right' },
      { header: 'Tokens in', align: 'right' },
      { header: 'Tokens out', align: 'right' },
    ],
    rows: rows.map(([name, s]) => [
      name,
      formatUsd(s.spend),
      String(s.requests),
      String(s.failedRequests),
      String(s.attempts),
      String(s.inputTokens),
      String(s.outputTokens),
    ]),
    tty: io.stdoutIsTTY,
    colors: c,
  });
  // Piped output stays one clean table; the range and totals are for people.
  io.stdout(io.stdoutIsTTY ? `${header.join('\n')}${table}` : table);
  if (chart !== undefined) io.stderr(`Wrote the spend chart to ${chart}\n`);
}

/** The ledger's aggregate: the store's own `aggregate()` when it has one (SQL), else computed from its records. */
export function aggregateStore(store: LedgerStore, query: LedgerAggregateQuery): Promise<LedgerAggregate> {
  if (store.aggregate !== undefined) return store.aggregate(query);
  return aggregateRecords(store.read(query.since === undefined ? undefined : { since: query.since }), query);
}

function breakdown(
  result: LedgerAggregate,
  by: Exclude<LedgerReportBy, 'day'>,
): Record<string, AggregateSlice> {
  return by === 'model' ? result.byModel : by === 'key' ? result.byKey : result.byTeam;
}

function dayRows(result: LedgerAggregate): [string, AggregateSlice][] {
  // The series has spend and request counts per day; attempts and tokens per day are not in it.
  return result.series.map((point) => [
    point.start.slice(0, 10),
    {
      spend: point.spend,
      requests: point.requests,
      failedRequests: point.failedRequests,
      failoverRequests: point.failoverRequests,
      attempts: 0,
      failedAttempts: 0,
      inputTokens: 0,
      outputTokens: 0,
    },
  ]);
}

function sliceJson(slice: AggregateSlice) {
  return { ...slice, spend: toDecimalString(slice.spend) };
}

/** `--since`/`--until`: an ISO 8601 time or date, or a duration before now (`90m`, `24h`, `7d`). */
function parseInstant(value: unknown, flag: string, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const relative = /^(\d{1,6})([mhd])$/.exec(text);
  if (relative)
    return (
      now - Number(relative[1]) * { m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS }[relative[2] as 'm' | 'h' | 'd']
    );
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError({
      argument: flag,
      message: `${flag} must be an ISO 8601 time like 2026-12-01 or 2026-12-01T10:00Z, or a duration like 24h or 7d (got "${String(value)}").`,
    });
  }
  return ms;
}

function parseBy(value: unknown): LedgerReportBy {
  if (value === undefined) return 'model';
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!(BY as readonly string[]).includes(text)) {
    throw new InvalidArgumentError({
      argument: '--by',
      message: `--by must be one of ${BY.join(', ')} (got "${String(value)}").`,
    });
  }
  return text as LedgerReportBy;
}

function parseChartPath(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/\.svg$/i.test(value.trim())) {
    throw new InvalidArgumentError({
      argument: '--chart',
      message: `--chart must name an .svg file to write, e.g. spend.svg (got "${String(value)}").`,
    });
  }
  return value.trim();
}
