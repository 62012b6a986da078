import type { CommandDef } from 'citty';
import type { CliDeps } from '../cli-deps.js';
import { COMMON_ARGS, defineLazyCommand } from './define-lazy-command.js';

const LEDGER_ARGS = {
  limit: { type: 'string', alias: 'n', description: 'Show the last N records (default 20; 0 = all)' },
  summary: { type: 'boolean', alias: 's', description: 'Show spend totals instead of records' },
  export: {
    type: 'boolean',
    description: 'Print every record (or the last --limit) as JSONL in the ledger file format, oldest first',
  },
  out: {
    type: 'string',
    description:
      'With --export: write new files instead, tasks to FILE (the original TokenWise reads it) and calls to FILE.calls.jsonl',
  },
  since: {
    type: 'string',
    description: 'Summary from this time: ISO 8601 (2026-12-01) or a duration ago (24h, 7d)',
  },
  until: { type: 'string', description: 'Summary up to this time (exclusive), same forms as --since' },
  by: { type: 'string', description: 'Group the summary by model, key, team or day (default model)' },
  key: { type: 'string', description: 'Only records of this virtual key id (records and --summary)' },
  team: { type: 'string', description: 'Only records of this team id (records and --summary)' },
  chart: { type: 'string', description: 'Also write spend over time, stacked by model, as an SVG file' },
  ...COMMON_ARGS,
} as const;

/** `tokenwise ledger`: spend history and totals from the ledger file. */
export function createLedgerCommand(deps: CliDeps): CommandDef<typeof LEDGER_ARGS> {
  return defineLazyCommand(deps, {
    name: 'ledger',
    description: 'Show spend history (TOKENWISE_LEDGER_PATH, default ~/.config/tokenwise/ledger.jsonl)',
    args: LEDGER_ARGS,
    load: () => import('./run-ledger.js').then((m) => m.runLedger),
  });
}
