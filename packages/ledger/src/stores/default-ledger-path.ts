import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The ledger file: `TOKENWISE_LEDGER_PATH` when set and not empty (a leading `~` is the home folder), else
 * `~/.config/tokenwise/ledger.jsonl` — the same file the Python TokenWise writes, so history carries over.
 */
export function defaultLedgerPath(env: Record<string, string | undefined> = process.env): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  const configured = env.TOKENWISE_LEDGER_PATH?.trim();
  if (configured)
    return configured === '~' || configured.startsWith('~/') ? join(home, configured.slice(1)) : configured;
  return join(home, '.config', 'tokenwise', 'ledger.jsonl');
}
