import postgres from 'postgres';
import { describe } from 'vitest';
import { createPostgresStores, type PostgresStores, type PostgresStoresOptions } from '../create-postgres-stores.js';

/** The server the tests run against, from `TOKENWISE_TEST_DATABASE_URL`; without it the server tests are skipped. */
export const testDatabaseUrl = process.env.TOKENWISE_TEST_DATABASE_URL;

if (testDatabaseUrl === undefined || testDatabaseUrl === '') {
  console.info(
    '[store-postgres] TOKENWISE_TEST_DATABASE_URL is not set: skipping the PostgreSQL server tests ' +
      '(set it, e.g. postgres://postgres@127.0.0.1:5432/test, to run them).',
  );
}

/** `describe` when a test server is configured, skipped otherwise. */
export function describeWithDatabase(name: string, body: () => void): void {
  describe.skipIf(!testDatabaseUrl)(name, body);
}

let counter = 0;

/** A schema name no other test (or concurrent test run) uses. */
export function uniqueSchema(label: string): string {
  const random = Math.floor(Math.random() * 36 ** 6).toString(36);
  return `tw_test_${label}_${process.pid}_${random}_${++counter}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const sql = postgres(testDatabaseUrl!, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`drop schema if exists "${schema}" cascade`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Opens the stores on the test server in `schema`. */
export function openTestStores(
  schema: string,
  options: Omit<PostgresStoresOptions, 'url' | 'schema'> = {},
): Promise<PostgresStores> {
  return createPostgresStores({ url: testDatabaseUrl!, schema, maxConnections: 4, ...options });
}
