import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyScope, usd } from '@tokenwise/spec';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openStores } from './open-stores.js';

const databaseUrl = process.env.TOKENWISE_TEST_DATABASE_URL;

const record = (message: string) => ({
  kind: 'attempt' as const,
  timestamp: '2026-12-05T10:00:00.000Z',
  source: 'proxy' as const,
  reason: 'proxy request',
  modelId: 'openai/mini',
  inputTokens: 1,
  outputTokens: 1,
  cost: 0n,
  success: false,
  errorMessage: message,
});

describe('openStores', () => {
  it('opens the embedded default without a database: memory keys and budgets, the JSONL ledger', async () => {
    const ledgerPath = join(mkdtempSync(join(tmpdir(), 'tokenwise-stores-')), 'ledger.jsonl');
    const stores = await openStores({ ledgerPath });
    expect(stores.kind).toBe('embedded');
    expect(stores.location).toBe(ledgerPath);
    const { key } = await stores.keyStore.createKey({ name: 'k', budget: usd('1') });
    expect((await stores.budgetStore.snapshot(keyScope(key.id)))?.limit).toBe(usd('1'));
    await stores.ledgerStore.append(record('boom'));
    // Proxy records go to the calls file beside the task ledger.
    expect(readFileSync(ledgerPath.replace(/\.jsonl$/, '.calls.jsonl'), 'utf8')).toContain('boom');
    await stores.close();
  });

  it.skipIf(!databaseUrl)(
    'opens all three on PostgreSQL, redacting stored errors and hiding the password',
    async () => {
      const schema = `tw_test_open_stores_${process.pid}`;
      const url = new URL(databaseUrl!);
      url.password = 'pw-5ecret-999';
      const stores = await openStores({
        databaseUrl: url.toString(),
        databaseSchema: schema,
        ledgerPath: '/nonexistent',
      });
      const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
      try {
        expect(stores.kind).toBe('postgres');
        expect(stores.location).not.toContain('pw-5ecret-999');
        const { key } = await stores.keyStore.createKey({ name: 'k', budget: usd('1') });
        expect((await stores.budgetStore.snapshot(keyScope(key.id)))?.limit).toBe(usd('1'));
        await stores.ledgerStore.append(
          record('upstream said: invalid key sk-live-abcdefghijklmnopqrstuvwx'),
        );
        const rows = (await sql.unsafe(
          `select record::text as r from "${schema}".ledger_records`,
        )) as unknown as Array<{
          r: string;
        }>;
        expect(rows).toHaveLength(1);
        expect(rows[0]!.r).not.toContain('sk-live-abcdefghijklmnopqrstuvwx');
      } finally {
        await stores.close();
        await sql.unsafe(`drop schema if exists "${schema}" cascade`);
        await sql.end({ timeout: 5 });
      }
    },
  );
});
