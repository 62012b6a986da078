import type { Sql } from 'postgres';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

/**
 * Applies the migrations `schema` lacks, in one transaction under a transaction-level advisory lock keyed by the
 * schema name: replicas starting together queue on the lock, the first applies, the others find nothing left to
 * do. Returns the names applied by this call.
 */
export async function runMigrations(
  sql: Sql,
  schema: string,
  migrations: readonly Migration[] = allMigrations,
): Promise<string[]> {
  const quoted = `"${schema}"`;
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`tokenwise:migrations:${schema}`}, 0))`;
    await tx.unsafe(`create schema if not exists ${quoted}`);
    await tx.unsafe(
      `create table if not exists ${quoted}.schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await tx.unsafe<{ name: string }[]>(`select name from ${quoted}.schema_migrations`)).map(
        (row) => row.name,
      ),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await tx.unsafe(migration.sql.replaceAll('{{schema}}', quoted));
      await tx.unsafe(`insert into ${quoted}.schema_migrations (name) values ($1)`, [migration.name]);
      applied.push(migration.name);
    }
    return applied;
  });
}
