import {
  applyKeyPatch,
  applyTeamPatch,
  type BudgetStore,
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

/** Options of {@link createMemoryKeyStore}. */
export interface MemoryKeyStoreOptions {
  /** Where key and team budgets are defined (`key:<id>`, `team:<id>`); usually core's memory budget store. */
  budgetStore: BudgetStore;
  /** Milliseconds since the epoch, for expiry and timestamps (default `Date.now`). */
  clock?: () => number;
}

/**
 * A {@link KeyStore} in this process's memory, for the embedded default (no `TOKENWISE_DATABASE_URL`), tests and
 * one-process tools. Keys and teams do NOT persist: they are gone when the process exits, so a deployment that
 * hands out keys uses the PostgreSQL store. Secrets are kept only as SHA-256 hashes, as in the database.
 */
export function createMemoryKeyStore(options: MemoryKeyStoreOptions): KeyStore {
  const { budgetStore } = options;
  const clock = options.clock ?? Date.now;
  const teams = new Map<string, Team>();
  const keys = new Map<string, VirtualKey>();
  const byHash = new Map<string, string>();
  const nowIso = () => new Date(clock()).toISOString();
  const copyTeam = (team: Team): Team => ({ ...team });
  const copyKey = (key: VirtualKey): VirtualKey => ({
    ...key,
    allowedModels: [...key.allowedModels],
    allowedStrategies: [...key.allowedStrategies],
  });
  const defineTeam = (team: Team) => budgetStore.define([teamScopeDefinition(team)]);
  const defineKey = (key: VirtualKey) => budgetStore.define([keyScopeDefinition(key)]);

  return {
    async createTeam(input) {
      const team = newTeam(createStoreId('team'), input, nowIso());
      await defineTeam(team);
      teams.set(team.id, team);
      return copyTeam(team);
    },
    async updateTeam(id, patch) {
      const team = teams.get(id);
      if (team === undefined) throw unknownRecordError('team', id);
      const next = applyTeamPatch(team, patch, nowIso());
      await defineTeam(next);
      teams.set(id, next);
      return copyTeam(next);
    },
    async getTeam(id) {
      const team = teams.get(id);
      return team && copyTeam(team);
    },
    async listTeams() {
      return [...teams.values()].map(copyTeam);
    },
    async createKey(input) {
      const secret = createKeySecret();
      const key = newVirtualKey(createStoreId('key'), keySecretPrefix(secret), input, nowIso());
      if (key.teamId !== undefined && !teams.has(key.teamId)) throw unknownRecordError('team', key.teamId);
      await defineKey(key);
      keys.set(key.id, key);
      byHash.set(await hashKeySecret(secret), key.id);
      return { key: copyKey(key), secret };
    },
    async updateKey(id, patch) {
      const key = keys.get(id);
      if (key === undefined) throw unknownRecordError('key', id);
      const next = applyKeyPatch(key, patch, nowIso());
      await defineKey(next);
      keys.set(id, next);
      return copyKey(next);
    },
    async getKey(id) {
      const key = keys.get(id);
      return key && copyKey(key);
    },
    async listKeys(listOptions = {}) {
      return [...keys.values()]
        .filter((key) => listOptions.teamId === undefined || key.teamId === listOptions.teamId)
        .filter((key) => listOptions.includeRevoked === true || key.revokedAt === undefined)
        .map(copyKey);
    },
    async revokeKey(id) {
      const key = keys.get(id);
      if (key === undefined) throw unknownRecordError('key', id);
      if (key.revokedAt === undefined) {
        const now = nowIso();
        const next = { ...key, revokedAt: now, updatedAt: now };
        await defineKey(next);
        keys.set(id, next);
      }
      return copyKey(keys.get(id)!);
    },
    async authenticate(secret) {
      if (typeof secret !== 'string' || secret === '') return { ok: false, reason: 'unknown' };
      const id = byHash.get(await hashKeySecret(secret));
      const key = id === undefined ? undefined : keys.get(id);
      if (key === undefined) return { ok: false, reason: 'unknown' };
      const team = key.teamId === undefined ? undefined : teams.get(key.teamId);
      return judgeKey(copyKey(key), team && copyTeam(team), clock());
    },
  };
}
