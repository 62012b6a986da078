import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLedgerPath } from './default-ledger-path.js';

describe('defaultLedgerPath', () => {
  it("is the original's file under the home folder by default", () => {
    expect(defaultLedgerPath({ HOME: '/home/ada' })).toBe(
      join('/home/ada', '.config', 'tokenwise', 'ledger.jsonl'),
    );
    expect(defaultLedgerPath({ HOME: '/home/ada', TOKENWISE_LEDGER_PATH: '  ' })).toBe(
      join('/home/ada', '.config', 'tokenwise', 'ledger.jsonl'),
    );
  });

  it('honours TOKENWISE_LEDGER_PATH, expanding a leading ~', () => {
    expect(defaultLedgerPath({ HOME: '/h', TOKENWISE_LEDGER_PATH: '/var/log/tw.jsonl' })).toBe(
      '/var/log/tw.jsonl',
    );
    expect(defaultLedgerPath({ HOME: '/h', TOKENWISE_LEDGER_PATH: '~/spend.jsonl' })).toBe(
      join('/h', 'spend.jsonl'),
    );
  });
});
