import type { PicoUsd } from '../money/index.js';
import type { BudgetPeriod } from './budget-store.js';

/** Budget fields shared by keys and teams. */
export interface BudgetFields {
  /** Ceiling per period; absent means the key or team tracks spend without a ceiling of its own. */
  budget?: PicoUsd;
  /** Window of the ceiling (default `none`). */
  period?: BudgetPeriod;
  /** Largest worst case a single request may reserve. */
  maxPerRequest?: PicoUsd;
}

/** What a team is created with. */
export interface TeamInput extends BudgetFields {
  name: string;
}

/** Fields of a team that an update may change; `null` clears an optional field. */
export interface TeamPatch {
  name?: string;
  budget?: PicoUsd | null;
  period?: BudgetPeriod;
  maxPerRequest?: PicoUsd | null;
  enabled?: boolean;
}

/** A team: a budget its keys draw from (team ⊃ key ⊃ request). Its budget scope is `team:<id>`. */
export interface Team {
  id: string;
  name: string;
  budget?: PicoUsd;
  period: BudgetPeriod;
  maxPerRequest?: PicoUsd;
  /** A disabled team's keys are refused. */
  enabled: boolean;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** What a virtual key is created with. */
export interface VirtualKeyInput extends BudgetFields {
  name: string;
  /** The team the key draws from; it must exist. */
  teamId?: string;
  /** Globs over catalog model ids (`openai/*`, `*mini*`); empty or absent allows every model. */
  allowedModels?: readonly string[];
  /** Globs over routing strategy names; empty or absent allows every strategy. */
  allowedStrategies?: readonly string[];
  /** ISO 8601 instant after which the key is refused. */
  expiresAt?: string;
  /** Default true. */
  enabled?: boolean;
}

/** Fields of a key that an update may change; `null` clears an optional field. The team never changes. */
export interface VirtualKeyPatch {
  name?: string;
  budget?: PicoUsd | null;
  period?: BudgetPeriod;
  maxPerRequest?: PicoUsd | null;
  allowedModels?: readonly string[];
  allowedStrategies?: readonly string[];
  expiresAt?: string | null;
  enabled?: boolean;
}

/** A virtual key as stored: never its secret, only a short prefix to recognise it. Its budget scope is `key:<id>`. */
export interface VirtualKey {
  id: string;
  name: string;
  /** The first characters of the secret (`tw-AbCd1234`), enough to tell keys apart in a listing. */
  prefix: string;
  teamId?: string;
  budget?: PicoUsd;
  period: BudgetPeriod;
  maxPerRequest?: PicoUsd;
  allowedModels: string[];
  allowedStrategies: string[];
  /** ISO 8601. */
  expiresAt?: string;
  enabled: boolean;
  /** ISO 8601 time of the revocation; a revoked key is refused for good. */
  revokedAt?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
}

/** A key just created: the only time its secret is known. */
export interface CreatedVirtualKey {
  key: VirtualKey;
  /** `tw-…`; stored only as a hash, so it cannot be shown again. */
  secret: string;
}

/** Why a secret was refused. */
export type KeyRefusalReason = 'unknown' | 'revoked' | 'expired' | 'disabled' | 'team-disabled';

/** The answer of {@link KeyStore.authenticate}. */
export type KeyAuthentication =
  | { ok: true; key: VirtualKey; team?: Team }
  | { ok: false; reason: KeyRefusalReason /** Known for every reason but `unknown`. */; keyId?: string };

/** Which keys to list. */
export interface KeyListOptions {
  teamId?: string;
  /** Revoked keys are left out unless this is true. */
  includeRevoked?: boolean;
}

/**
 * Virtual keys and teams. Creating or updating one (re)defines its budget scope (`key:<id>`, `team:<id>`) in the
 * budget store the key store was made with, so the engine can reserve on it. Reads see every write of any replica
 * at once (a revoke takes effect on the next request everywhere).
 */
export interface KeyStore {
  createTeam(input: TeamInput): Promise<Team>;
  /** @throws InvalidArgumentError for an unknown id or invalid fields. */
  updateTeam(id: string, patch: TeamPatch): Promise<Team>;
  getTeam(id: string): Promise<Team | undefined>;
  /** Oldest first. */
  listTeams(): Promise<Team[]>;
  /** @throws InvalidArgumentError for an unknown team or invalid fields. */
  createKey(input: VirtualKeyInput): Promise<CreatedVirtualKey>;
  /** @throws InvalidArgumentError for an unknown id or invalid fields. */
  updateKey(id: string, patch: VirtualKeyPatch): Promise<VirtualKey>;
  getKey(id: string): Promise<VirtualKey | undefined>;
  /** Oldest first. */
  listKeys(options?: KeyListOptions): Promise<VirtualKey[]>;
  /** Revokes for good (idempotent: the first revocation time is kept). @throws InvalidArgumentError for an unknown id. */
  revokeKey(id: string): Promise<VirtualKey>;
  /** Finds the key of a presented secret and says whether it may be used now. */
  authenticate(secret: string, options?: KeyAuthenticateOptions): Promise<KeyAuthentication>;
}

/** Options of {@link KeyStore.authenticate}. */
export interface KeyAuthenticateOptions {
  /**
   * Accept an answer from a cache the store keeps coherent through change notifications (the PostgreSQL store;
   * others ignore it). A change made on another replica reaches a cached answer when its notification arrives,
   * milliseconds later; but a revoked, disabled or expired key's budget scope is closed in the same transaction
   * (`BudgetScopeDefinition.closedAtMs`), so a caller that reserves on the key's scopes before spending — the
   * proxy — is refused at its very next reservation on every replica. Without it, every answer is read afresh.
   */
  cached?: boolean;
}

/** The budget scope id of a key. */
export function keyScope(keyId: string): string {
  return `key:${keyId}`;
}

/** The budget scope id of a team. */
export function teamScope(teamId: string): string {
  return `team:${teamId}`;
}

/** The scopes a request made with `key` reserves on, innermost first: the key, then its team. */
export function keyScopes(key: Pick<VirtualKey, 'id' | 'teamId'>): string[] {
  return key.teamId === undefined ? [keyScope(key.id)] : [keyScope(key.id), teamScope(key.teamId)];
}
