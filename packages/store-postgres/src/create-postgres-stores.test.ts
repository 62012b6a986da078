import { InvalidArgumentError, type TaskRoutingTrace } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createPostgresStores } from './create-postgres-stores.js';
import { decodeRecordJson, encodeRecordJson, toLedgerRow } from './ledger-record-codec.js';
import { redactDatabaseUrl } from './redact-database-url.js';
import { checkSchemaName } from './schema-name.js';

describe('createPostgresStores without a server', () => {
  it('names the host but never the password when it cannot connect', async () => {
    const error = await createPostgresStores({
      url: 'postgres://app:s3cr3t-PASSWORD@127.0.0.1:1/db',
      ledger: false,
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toMatch(
      /^Could not open the TokenWise stores at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/db: /,
    );
    expect(JSON.stringify({ message: error?.message, stack: error?.stack })).not.toContain('s3cr3t');
  });

  it('refuses a URL that is not postgres:// and a schema name that could smuggle SQL', async () => {
    await expect(createPostgresStores({ url: 'mysql://x@h/db' })).rejects.toThrow(InvalidArgumentError);
    await expect(
      createPostgresStores({ url: 'postgres://x@h/db', schema: 'a"; drop table x; --' }),
    ).rejects.toThrow(/Invalid schema name/);
    expect(checkSchemaName('tw_test_1')).toBe('tw_test_1');
    expect(() => checkSchemaName('Upper')).toThrow(InvalidArgumentError);
  });

  it('hides passwords in printed URLs', () => {
    expect(redactDatabaseUrl('postgres://u:p%40ss@db.example:5432/tw')).toBe(
      'postgres://u:***@db.example:5432/tw',
    );
    expect(redactDatabaseUrl('postgres://u@db/tw')).toBe('postgres://u@db/tw');
    expect(redactDatabaseUrl('not a url with secret')).toBe('(unreadable database URL)');
  });
});

describe('ledger record codec', () => {
  it('round-trips exact amounts, nested ones included', () => {
    const record = {
      kind: 'task' as const,
      timestamp: '2027-03-10T23:30:00+02:00',
      task: 't',
      success: false,
      totalCost: 10n ** 30n,
      plannerCost: 1n,
      wastedCost: 7n,
      entries: [{ reason: 'r', modelId: 'm', inputTokens: 1, outputTokens: 2, cost: 7n, success: false }],
      // Not a real trace: the codec must carry any JSON (tags included) unchanged.
      routingTrace: {
        note: { '$tw:pico': 'not-a-number' },
        wrapped: { '$tw:object': { x: 1n } },
        exact: 5n,
      } as unknown as TaskRoutingTrace,
    };
    expect(decodeRecordJson(encodeRecordJson(record))).toEqual(record);
    const row = toLedgerRow(record);
    expect(row).toMatchObject({
      day: '2027-03-10',
      source: 'cli',
      entriesCost: 7n,
      entriesWasted: 7n,
      modelId: null,
    });
    expect(toLedgerRow({ ...record, timestamp: 'garbage' })).toMatchObject({ day: 'unknown', tsMs: null });
  });
});
