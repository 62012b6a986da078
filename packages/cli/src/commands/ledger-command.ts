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
