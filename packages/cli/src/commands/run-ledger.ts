import { type LedgerRecord, serializeLedgerRecord } from '@tokenwise/ledger';
import { formatUsd, toDecimalString, toUsdNumber } from '@tokenwise/spec';
import { parseIntegerFlag } from '../args/parse-flags.js';
import type { CliDeps } from '../cli-deps.js';
import { CliFailure, describeFileError } from '../cli-failure.js';
import { createColors } from '../output/create-colors.js';
import { formatTable } from '../output/format-table.js';
import { writeJson } from '../output/write-json.js';
import type { CommandArgs } from './define-lazy-command.js';
import { aggregateStore, parseOwnerFilter, runLedgerReport, wantsLedgerReport } from './ledger-report.js';

/** Default of `--limit`. */
export const DEFAULT_LEDGER_LIMIT = 20;

/** Body of `tokenwise ledger`. */
export async function runLedger(deps: CliDeps, args: CommandArgs): Promise<void> {
  // `-n 0` shows every record, as in the original.
  const limit = parseIntegerFlag(args.limit, '--limit', { min: 0, max: 10_000_000 }) ?? DEFAULT_LEDGER_LIMIT;
  const { location } = await deps.openLedger();
  try {
    await showLedger(deps, args, limit);
  } catch (error) {
    const why = describeFileError(error);
    if (why === undefined) throw error;
    throw new CliFailure(
      `cannot read the ledger ${location}: it ${why}; point TOKENWISE_LEDGER_PATH (or ledger_path in the config file) at a JSONL file you can read.`,
      { type: 'file', cause: error },
    );
  }
}

async function showLedger(deps: CliDeps, args: CommandArgs, limit: number): Promise<void> {
  const { io } = deps;
  const { store, location } = await deps.openLedger();
  const owner = parseOwnerFilter(args);
  const filtered = owner.keyId !== undefined || owner.teamId !== undefined;
  const matches = (record: LedgerRecord) =>
    record.kind !== 'task' &&
    (owner.keyId === undefined || record.keyId === owner.keyId) &&
    (owner.teamId === undefined || record.teamId === owner.teamId);
  if (args.export === true) {
    // JSONL in today's file format, streamed: works the same on the JSONL file and on a database store.
    // Without -n the whole ledger is exported; -n N (N > 0) the last N records (of the key or team, if given).
    const exportLimit = args.limit === undefined || limit === 0 ? 0 : limit;
    const records = filtered
      ? await lastMatching(store.read(), matches, exportLimit)
      : store.read(exportLimit === 0 ? {} : { limit: exportLimit });
    if (typeof args.out === 'string' && args.out !== '') {
      const { exportLedgerFiles } = await import('./export-ledger-files.js');
      const done = await exportLedgerFiles(records, args.out);
      io.stderr(
        `Exported ${done.tasks} task records to ${done.path} and ${done.calls} call records to ${done.callsPath}.\n`,
      );
      return;
    }
    for await (const record of records) io.stdout(`${serializeLedgerRecord(record)}\n`);
    return;
  }
  const c = createColors(io.color);

  if (wantsLedgerReport(args)) return runLedgerReport(deps, args, store);
  if (args.summary === true) {
    const summary = await store.summary();
    // Spend per virtual key (proxy records carry `keyId`); empty on a ledger without keys.
    const keys = Object.entries((await aggregateStore(store, { top: 0, bucket: 'day' })).byKey)
      // `(none)` gathers records without a key (library calls, an open proxy): not a key.
      .filter(([key, slice]) => slice.spend > 0n && key !== '(none)')
      .sort(([, a], [, b]) => (b.spend > a.spend ? 1 : b.spend < a.spend ? -1 : 0));
    if (args.json === true) {
      writeJson(io, {
        totalSpend: toUsdNumber(summary.totalSpend),
        totalWasted: toUsdNumber(summary.totalWasted),
        totalPlannerSpend: toUsdNumber(summary.totalPlannerSpend),
        numTasks: summary.numTasks,
        numSucceeded: summary.numSucceeded,
        numFailed: summary.numFailed,
        // Proxy and library calls (request records), which the text shows as "Proxy requests".
        numRequests: summary.numRequests,
        // Calls to models without a price whose vendor reported no cost: not in totalSpend.
        numUnpricedCalls: summary.numUnpricedCalls,
        ...(keys.length === 0
          ? {}
          : { byKey: Object.fromEntries(keys.map(([key, slice]) => [key, toDecimalString(slice.spend)])) }),
      });
      return;
    }
    const row = (label: string, value: string) => `  ${`${label}:`.padEnd(16)}${value}`;
    const lines = [
      c.bold('Spend Summary'),
      row('Total tasks', String(summary.numTasks)),
      row('Succeeded', String(summary.numSucceeded)),
      row('Failed', String(summary.numFailed)),
      row('Total spend', formatUsd(summary.totalSpend)),
      row('Planner spend', formatUsd(summary.totalPlannerSpend)),
      row('Wasted spend', formatUsd(summary.totalWasted)),
    ];
    if (summary.numRequests > 0) lines.push(row('Proxy requests', String(summary.numRequests)));
    if (summary.numUnpricedCalls > 0) {
      lines.push(row('Unpriced calls', `${summary.numUnpricedCalls} (cost unknown, not in the total spend)`));
    }
    const models = Object.entries(summary.byModel)
      .filter(([, slice]) => slice.spend > 0n)
      .sort(([, a], [, b]) => (b.spend > a.spend ? 1 : b.spend < a.spend ? -1 : 0));
    if (models.length > 0) {
      lines.push('', c.bold('Top models by spend'));
      for (const [model, slice] of models.slice(0, 5)) {
        lines.push(`  ${formatUsd(slice.spend).padStart(10)}  ${model} (${slice.calls} calls)`);
      }
    }
    if (keys.length > 0) {
      lines.push('', c.bold('Top keys by spend'));
      for (const [key, slice] of keys.slice(0, 5)) {
        lines.push(`  ${formatUsd(slice.spend).padStart(10)}  ${key} (${slice.requests} requests)`);
      }
    }
    io.stdout(`${lines.join('\n')}\n`);
    return;
  }

  const records: LedgerRecord[] = filtered ? await lastMatching(store.read(), matches, limit) : [];
  if (!filtered) for await (const record of store.read(limit === 0 ? {} : { limit })) records.push(record);
  if (args.json === true) {
    // The file's own shape (snake_case, amounts as USD numbers plus exact `*_usd` strings).
    writeJson(
      io,
      records.map((record) => JSON.parse(serializeLedgerRecord(record))),
    );
    return;
  }
  if (records.length === 0) {
    io.stdout(`No ledger entries found (${location}).\n`);
    return;
  }
  io.stdout(
    formatTable({
      title: io.stdoutIsTTY ? 'Spend History' : undefined,
      columns: [
        { header: 'Timestamp' },
        { header: 'Kind' },
        { header: 'Task / model', maxWidth: 40 },
        { header: 'Cost', align: 'right' },
        { header: 'Budget', align: 'right' },
        { header: 'OK?' },
      ],
      rows: records.map((record) => [
        record.timestamp.slice(0, 19),
        record.kind,
        record.kind === 'task' ? record.task : record.modelId,
        record.kind === 'task' ? formatUsd(record.totalCost) : formatUsd(record.cost),
        record.budget === undefined ? '-' : formatUsd(record.budget, 2),
        record.success ? c.green('Y') : c.red('N'),
      ]),
      tty: io.stdoutIsTTY,
      colors: c,
    }),
  );
}

/** The last `limit` records (0 = all) that match, oldest first, holding at most `limit` in memory. */
async function lastMatching(
  records: AsyncIterable<LedgerRecord>,
  matches: (record: LedgerRecord) => boolean,
  limit: number,
): Promise<LedgerRecord[]> {
  const kept: LedgerRecord[] = [];
  for await (const record of records) {
    if (!matches(record)) continue;
    kept.push(record);
    if (limit > 0 && kept.length > limit) kept.shift();
  }
  return kept;
}
