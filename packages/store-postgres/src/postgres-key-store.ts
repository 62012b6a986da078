import {
  applyKeyPatch,
  applyTeamPatch,
  type BudgetPeriod,
  createKeySecret,
  createStoreId,
  hashKeySecret,
  judgeKey,
  type KeyStore,
  keyScopeDefinition,
  keySecretPrefix,
  newTeam,
  newVirtualKey,
  type Team,
  teamScopeDefinition,
  unknownRecordError,
  type VirtualKey,
} from '@tokenwise/spec';
import type { Sql, TransactionSql } from 'postgres';
import { createKeyAuthenticationCache, KEY_CHANGES_CHANNEL } from './key-authentication-cache.js';
import { defineScopes } from './postgres-budget-store.js';

interface TeamRow {
  id: string;
  name: string;
  budget: string | null;
  period: BudgetPeriod;
  max_per_request: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  team_id: string | null;
  budget: string | null;
  period: BudgetPeriod;
  max_per_request: string | null;
  allowed_models: string[];
  allowed_strategies: string[];
  expires_at: Date | null;
  enabled: boolean;
  revoked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const KEY_COLUMNS = `id, name, prefix, team_id, budget, period, max_per_request, allowed_models, allowed_strategies,
  expires_at, enabled, revoked_at, created_at, updated_at`;

/** Options of {@link createPostgresKeyStore}. */
export interface PostgresKeyStoreOptions {
  /**
   * The schema the connection's `search_path` points at. With it (and a positive `cacheTtlMs`) authentications
   * are cached in this process and dropped on every key or team change, notified by any replica.
   */
  schema?: string;
  /** Most milliseconds an authentication is reused without a change notification (default 10,000; 0 = never). */
  cacheTtlMs?: number;
}

/**
 * A {@link KeyStore} on PostgreSQL. Secrets are stored only as SHA-256 hashes (a unique index finds a presented
 * secret in one lookup). A key or team and its budget scope are written in one transaction, so a key never exists
 * without its budget; the same transaction closes the scope of a revoked, disabled or expired key (or disabled
 * team), which every reservation checks — so a revoke is enforced on every replica at its next request, cached
 * authentication or not — and notifies the other replicas to drop their cached authentications.
 */
export function createPostgresKeyStore(
  sql: Sql,
  clock: () => number = Date.now,
  options: PostgresKeyStoreOptions = {},
): KeyStore {
  const nowIso = () => new Date(clock()).toISOString();
  const cacheTtlMs = options.cacheTtlMs ?? 10_000;
  const authCache =
    options.schema === undefined || cacheTtlMs <= 0
      ? undefined
      : createKeyAuthenticationCache(sql, options.schema, cacheTtlMs, clock);
  /** Tells every replica's authentication cache that a key or team changed (delivered when `tx` commits). */
  const notifyChange = async (tx: TransactionSql) => {
    await tx`select pg_notify(${KEY_CHANGES_CHANNEL}, current_schema())`;
  };
  const teamById = async (tx: Sql | TransactionSql, id: string, lock = false) => {
    const rows = lock
      ? await tx<TeamRow[]>`select * from teams where id = ${id} for update`
      : await tx<TeamRow[]>`select * from teams where id = ${id}`;
    return rows[0] && toTeam(rows[0]);
  };
  const keyById = async (tx: Sql | TransactionSql, id: string, lock = false) => {
    const rows = lock
      ? await tx.unsafe<KeyRow[]>(`select ${KEY_COLUMNS} from virtual_keys where id = $1 for update`, [id])
      : await tx.unsafe<KeyRow[]>(`select ${KEY_COLUMNS} from virtual_keys where id = $1`, [id]);
    return rows[0] && toKey(rows[0]);
  };
  const writeTeam = async (tx: TransactionSql, team: Team) => {
    await tx`
      insert into teams (id, name, budget, period, max_per_request, enabled, created_at, updated_at)
      values (${team.id}, ${team.name}, ${money(team.budget)}::numeric, ${team.period},
              ${money(team.maxPerRequest)}::numeric, ${team.enabled}, ${team.createdAt}::timestamptz,
              ${team.updatedAt}::timestamptz)
      on conflict (id) do update set name = excluded.name, budget = excluded.budget, period = excluded.period,
        max_per_request = excluded.max_per_request, enabled = excluded.enabled, updated_at = excluded.updated_at`;
    await defineScopes(tx, [teamScopeDefinition(team)], clock());
    await notifyChange(tx);
  };
  const writeKey = async (tx: TransactionSql, key: VirtualKey, secretHash?: string) => {
    const values = [
      key.name,
      money(key.budget),
      key.period,
      money(key.maxPerRequest),
      key.allowedModels,
      key.allowedStrategies,
      key.expiresAt ?? null,
      key.enabled,
      key.revokedAt ?? null,
      key.updatedAt,
    ] as const;
    if (secretHash === undefined) {
      await tx`
        update virtual_keys set name = ${values[0]}, budget = ${values[1]}::numeric, period = ${values[2]},
          max_per_request = ${values[3]}::numeric, allowed_models = ${values[4]}::text[],
          allowed_strategies = ${values[5]}::text[], expires_at = ${values[6]}::timestamptz, enabled = ${values[7]},
          revoked_at = ${values[8]}::timestamptz, updated_at = ${values[9]}::timestamptz
        where id = ${key.id}`;
    } else {
      await tx`
        insert into virtual_keys (id, name, prefix, secret_hash, team_id, budget, period, max_per_request,
          allowed_models, allowed_strategies, expires_at, enabled, revoked_at, created_at, updated_at)
        values (${key.id}, ${values[0]}, ${key.prefix}, ${secretHash}, ${key.teamId ?? null}, ${values[1]}::numeric,
          ${values[2]}, ${values[3]}::numeric, ${values[4]}::text[], ${values[5]}::text[],
          ${values[6]}::timestamptz, ${values[7]}, ${values[8]}::timestamptz, ${key.createdAt}::timestamptz,
          ${values[9]}::timestamptz)`;
    }
    await defineScopes(tx, [keyScopeDefinition(key)], clock());
    await notifyChange(tx);
  };

  return {
    async createTeam(input) {
      const team = newTeam(createStoreId('team'), input, nowIso());
      await sql.begin((tx) => writeTeam(tx, team));
      return team;
    },
    async updateTeam(id, patch) {
      return sql.begin(async (tx) => {
        const team = await teamById(tx, id, true);
        if (team === undefined) throw unknownRecordError('team', id);
        const next = applyTeamPatch(team, patch, nowIso());
        await writeTeam(tx, next);
        return next;
      });
    },
    async getTeam(id) {
      return teamById(sql, id);
    },
    async listTeams() {
      return (await sql<TeamRow[]>`select * from teams order by seq`).map(toTeam);
    },
    async createKey(input) {
      const secret = createKeySecret();
      const key = newVirtualKey(createStoreId('key'), keySecretPrefix(secret), input, nowIso());
      const secretHash = await hashKeySecret(secret);
      await sql.begin(async (tx) => {
        if (key.teamId !== undefined && (await teamById(tx, key.teamId, true)) === undefined) {
          throw unknownRecordError('team', key.teamId);
        }
        await writeKey(tx, key, secretHash);
      });
      return { key, secret };
    },
    async updateKey(id, patch) {
      return sql.begin(async (tx) => {
        const key = await keyById(tx, id, true);
        if (key === undefined) throw unknownRecordError('key', id);
        const next = applyKeyPatch(key, patch, nowIso());
        await writeKey(tx, next);
        return next;
      });
    },
    async getKey(id) {
      return keyById(sql, id);
    },
    async listKeys(options = {}) {
      const rows = await sql.unsafe<KeyRow[]>(
        `select ${KEY_COLUMNS} from virtual_keys
          where ($1::text is null or team_id = $1) and ($2::boolean or revoked_at is null)
          order by seq`,
        [options.teamId ?? null, options.includeRevoked === true],
      );
      return rows.map(toKey);
    },
    async revokeKey(id) {
      const now = nowIso();
      return sql.begin(async (tx) => {
        const rows = await tx.unsafe<KeyRow[]>(
          `update virtual_keys
              set updated_at = case when revoked_at is null then $2::timestamptz else updated_at end,
                  revoked_at = coalesce(revoked_at, $2::timestamptz)
            where id = $1 returning ${KEY_COLUMNS}`,
          [id, now],
        );
        if (rows[0] === undefined) throw unknownRecordError('key', id);
        const key = toKey(rows[0]);
        await defineScopes(tx, [keyScopeDefinition(key)], clock());
        await notifyChange(tx);
        return key;
      });
    },
    async authenticate(secret, authenticateOptions) {
      if (typeof secret !== 'string' || secret === '') return { ok: false, reason: 'unknown' };
      const secretHash = await hashKeySecret(secret);
      const cache = authenticateOptions?.cached === true ? authCache : undefined;
      const cached = cache?.get(secretHash);
      if (cached !== undefined) return judgeKey(cached.key, cached.team, clock());
      const rows = await sql.unsafe<KeyRow[]>(
        `select ${KEY_COLUMNS} from virtual_keys where secret_hash = $1`,
        [secretHash],
      );
      const row = rows[0];
      if (row === undefined) return { ok: false, reason: 'unknown' };
      // A second lookup only for team keys; both are primary-key reads.
      const team = row.team_id === null ? undefined : await teamById(sql, row.team_id);
      const key = toKey(row);
      cache?.set(secretHash, key, team);
      return judgeKey(key, team, clock());
    },
  };
}

function money(amount: bigint | undefined): string | null {
  return amount === undefined ? null : amount.toString();
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toTeam(row: TeamRow): Team {
  const team: Team = {
    id: row.id,
    name: row.name,
    period: row.period,
    enabled: row.enabled,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
  if (row.budget !== null) team.budget = BigInt(row.budget);
  if (row.max_per_request !== null) team.maxPerRequest = BigInt(row.max_per_request);
  return team;
}

function toKey(row: KeyRow): VirtualKey {
  const key: VirtualKey = {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    period: row.period,
    allowedModels: row.allowed_models,
    allowedStrategies: row.allowed_strategies,
    enabled: row.enabled,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
  if (row.team_id !== null) key.teamId = row.team_id;
  if (row.budget !== null) key.budget = BigInt(row.budget);
  if (row.max_per_request !== null) key.maxPerRequest = BigInt(row.max_per_request);
  if (row.expires_at !== null) key.expiresAt = iso(row.expires_at);
  if (row.revoked_at !== null) key.revokedAt = iso(row.revoked_at);
  return key;
}
