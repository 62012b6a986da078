import { keyScope, teamScope } from '@tokenwise/spec';
import postgres from 'postgres';
import { expect, it } from 'vitest';
import {
  describeWithDatabase,
  dropSchema,
  openTestStores,
  testDatabaseUrl,
  uniqueSchema,
} from './__fixtures__/test-database.js';
import { migrations } from './migrations/index.js';
import { runMigrations } from './run-migrations.js';

// A database written by an earlier release (migrations 0001–0002) gets closed scopes for the keys and teams it
// already revoked, disabled or gave an expiry, so the new reservation check holds for them too.

describeWithDatabase('migration 0003 (lean locks, closed scopes) on an existing database', () => {
  it('closes the scopes of revoked, disabled and expiring keys and disabled teams it finds', async () => {
    const schema = uniqueSchema('mig3');
    const sql = postgres(testDatabaseUrl!, {
      max: 1,
      onnotice: () => {},
      connection: { search_path: schema },
    });
    try {
      const earlier = migrations.filter((m) => m.name < '0003');
      expect(await runMigrations(sql, schema, earlier)).toEqual(['0001-initial', '0002-async-finish']);
      const now = new Date('2027-03-15T12:00:00Z');
      await sql`insert into teams (id, name, period, enabled, created_at, updated_at)
                values ('t_off', 'off', 'none', false, ${now}, ${now}), ('t_on', 'on', 'none', true, ${now}, ${now})`;
      const key = (id: string, enabled: boolean, revoked: Date | null, expires: Date | null) =>
        sql`insert into virtual_keys (id, name, prefix, secret_hash, period, allowed_models, allowed_strategies,
              expires_at, enabled, revoked_at, created_at, updated_at)
            values (${id}, ${id}, 'tw-x', ${`hash-${id}`}, 'none', '{}', '{}', ${expires}, ${enabled}, ${revoked},
              ${now}, ${now})`;
      await key('k_revoked', true, now, null);
      await key('k_disabled', false, null, null);
      await key('k_expiring', true, null, new Date('2027-04-01T00:00:00Z'));
      await key('k_fine', true, null, null);
      const scopes = ['k_revoked', 'k_disabled', 'k_expiring', 'k_fine'].map(keyScope);
      scopes.push(teamScope('t_off'), teamScope('t_on'));
      for (const id of scopes) await sql`insert into budget_scopes (id) values (${id})`;

      const stores = await openTestStores(schema, { ledger: false });
      try {
        expect(stores.migrationsApplied).toEqual(['0003-lean-locks-closed-scopes', '0004-settle-batches']);
        const rows = await sql<{ id: string; closed_at_ms: string | null }[]>`
          select id, closed_at_ms from budget_scopes order by id`;
        expect(Object.fromEntries(rows.map((row) => [row.id, row.closed_at_ms]))).toEqual({
          [keyScope('k_revoked')]: '0',
          [keyScope('k_disabled')]: '0',
          [keyScope('k_expiring')]: String(Date.parse('2027-04-01T00:00:00Z')),
          [keyScope('k_fine')]: null,
          [teamScope('t_off')]: '0',
          [teamScope('t_on')]: null,
        });
        const reserve = (scope: string) =>
          stores.budgetStore.reserve({ id: `r-${scope}`, scopes: [scope], amount: 1n, leaseMs: 60_000 });
        expect(await reserve(keyScope('k_revoked'))).toMatchObject({ ok: false, remaining: 0n });
        expect(await reserve(keyScope('k_fine'))).toEqual({ ok: true });
      } finally {
        await stores.close();
      }
    } finally {
      await sql.end();
      await dropSchema(schema);
    }
  });
});
