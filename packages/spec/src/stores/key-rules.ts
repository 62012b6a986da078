import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { PicoUsd } from '../money/index.js';
import type { BudgetPeriod, BudgetScopeDefinition } from './budget-store.js';
import { BUDGET_PERIODS } from './budget-window.js';
import {
  type KeyAuthentication,
  keyScope,
  type Team,
  type TeamInput,
  type TeamPatch,
  teamScope,
  type VirtualKey,
  type VirtualKeyInput,
  type VirtualKeyPatch,
} from './key-store.js';

/*
 * The rules every key store applies the same way (validation, patches, the authentication verdict), so the
 * in-memory and database stores differ only in where rows live.
 */

/** A new team from checked input. @throws InvalidArgumentError for a bad field. */
export function newTeam(id: string, input: TeamInput, nowIso: string): Team {
  return applyTeamPatch(
    { id, name: '', period: 'none', enabled: true, createdAt: nowIso, updatedAt: nowIso },
    { name: input.name, budget: input.budget, period: input.period, maxPerRequest: input.maxPerRequest },
    nowIso,
  );
}

/** `team` with `patch` applied and checked. @throws InvalidArgumentError for a bad field. */
export function applyTeamPatch(team: Team, patch: TeamPatch, nowIso: string): Team {
  const next: Team = { ...team, updatedAt: nowIso };
  if (patch.name !== undefined) next.name = checkName(patch.name);
  if (patch.period !== undefined) next.period = checkPeriod(patch.period);
  if (patch.enabled !== undefined) next.enabled = checkBoolean(patch.enabled, 'enabled');
  setMoney(next, 'budget', patch.budget);
  setMoney(next, 'maxPerRequest', patch.maxPerRequest);
  return next;
}

/** A new key from checked input. @throws InvalidArgumentError for a bad field. */
export function newVirtualKey(
  id: string,
  prefix: string,
  input: VirtualKeyInput,
  nowIso: string,
): VirtualKey {
  const key = applyKeyPatch(
    {
      id,
      name: '',
      prefix,
      period: 'none',
      allowedModels: [],
      allowedStrategies: [],
      enabled: true,
      createdAt: nowIso,
      updatedAt: nowIso,
    },
    {
      name: input.name,
      budget: input.budget,
      period: input.period,
      maxPerRequest: input.maxPerRequest,
      allowedModels: input.allowedModels,
      allowedStrategies: input.allowedStrategies,
      expiresAt: input.expiresAt,
      enabled: input.enabled,
    },
    nowIso,
  );
  if (input.teamId !== undefined) {
    if (typeof input.teamId !== 'string' || input.teamId === '') {
      throw new InvalidArgumentError({
        argument: 'teamId',
        message: 'Invalid team id: expected a non-empty string.',
      });
    }
    key.teamId = input.teamId;
  }
  return key;
}

/** `key` with `patch` applied and checked. @throws InvalidArgumentError for a bad field. */
export function applyKeyPatch(key: VirtualKey, patch: VirtualKeyPatch, nowIso: string): VirtualKey {
  const next: VirtualKey = { ...key, updatedAt: nowIso };
  if (patch.name !== undefined) next.name = checkName(patch.name);
  if (patch.period !== undefined) next.period = checkPeriod(patch.period);
  if (patch.enabled !== undefined) next.enabled = checkBoolean(patch.enabled, 'enabled');
  if (patch.allowedModels !== undefined)
    next.allowedModels = checkGlobs(patch.allowedModels, 'allowedModels');
  if (patch.allowedStrategies !== undefined) {
    next.allowedStrategies = checkGlobs(patch.allowedStrategies, 'allowedStrategies');
  }
  if (patch.expiresAt === null) delete next.expiresAt;
  else if (patch.expiresAt !== undefined) next.expiresAt = checkInstant(patch.expiresAt);
  setMoney(next, 'budget', patch.budget);
  setMoney(next, 'maxPerRequest', patch.maxPerRequest);
  return next;
}

/** Whether a found key may be used at `nowMs`, with the reason when not. Revocation wins over every other reason. */
export function judgeKey(key: VirtualKey, team: Team | undefined, nowMs: number): KeyAuthentication {
  if (key.revokedAt !== undefined) return { ok: false, reason: 'revoked', keyId: key.id };
  if (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= nowMs) {
    return { ok: false, reason: 'expired', keyId: key.id };
  }
  if (!key.enabled) return { ok: false, reason: 'disabled', keyId: key.id };
  if (team !== undefined && !team.enabled) return { ok: false, reason: 'team-disabled', keyId: key.id };
  return team === undefined ? { ok: true, key } : { ok: true, key, team };
}

/**
 * The budget scope of a key: its ceiling and window, closed at once when the key is revoked or disabled and at
 * its expiry otherwise — so the budget store refuses its reservations even where an authentication was cached.
 */
export function keyScopeDefinition(key: VirtualKey): BudgetScopeDefinition {
  const closedAtMs =
    key.revokedAt !== undefined || !key.enabled
      ? 0
      : key.expiresAt === undefined
        ? undefined
        : Date.parse(key.expiresAt);
  return {
    id: keyScope(key.id),
    period: key.period,
    ...(key.budget === undefined ? {} : { limit: key.budget }),
    ...(closedAtMs === undefined ? {} : { closedAtMs }),
  };
}

/** The budget scope of a team: its ceiling and window, closed while the team is disabled. */
export function teamScopeDefinition(team: Team): BudgetScopeDefinition {
  return {
    id: teamScope(team.id),
    period: team.period,
    ...(team.budget === undefined ? {} : { limit: team.budget }),
    ...(team.enabled ? {} : { closedAtMs: 0 }),
  };
}

/** The error for an id that names nothing. */
export function unknownRecordError(kind: 'key' | 'team', id: string): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: kind === 'key' ? 'keyId' : 'teamId',
    message: `Unknown ${kind} "${id}".`,
  });
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new InvalidArgumentError({
      argument: 'name',
      message: 'Invalid name: expected a non-empty string of at most 200 characters.',
    });
  }
  return name.trim();
}

function checkPeriod(period: unknown): BudgetPeriod {
  if (typeof period === 'string' && (BUDGET_PERIODS as readonly string[]).includes(period)) {
    return period as BudgetPeriod;
  }
  throw new InvalidArgumentError({
    argument: 'period',
    message: `Invalid budget period "${String(period)}": expected one of ${BUDGET_PERIODS.join(', ')}.`,
  });
}

function checkBoolean(value: unknown, argument: string): boolean {
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ argument, message: `Invalid ${argument}: expected true or false.` });
  }
  return value;
}

function checkGlobs(globs: unknown, argument: string): string[] {
  if (!Array.isArray(globs) || globs.some((glob) => typeof glob !== 'string' || glob.trim() === '')) {
    throw new InvalidArgumentError({
      argument,
      message: `Invalid ${argument}: expected a list of non-empty patterns such as "openai/*".`,
    });
  }
  return globs.map((glob: string) => glob.trim());
}

function checkInstant(value: unknown): string {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError({
      argument: 'expiresAt',
      message: `Invalid expiry "${String(value)}": expected an ISO 8601 time such as 2027-01-31T00:00:00Z.`,
    });
  }
  return new Date(ms).toISOString();
}

function setMoney<T extends { budget?: PicoUsd; maxPerRequest?: PicoUsd }>(
  target: T,
  field: 'budget' | 'maxPerRequest',
  value: PicoUsd | null | undefined,
): void {
  if (value === undefined) return;
  if (value === null) {
    delete target[field];
    return;
  }
  if (typeof value !== 'bigint' || value < 0n) {
    throw new InvalidArgumentError({
      argument: field,
      message: `Invalid ${field} ${String(value)}: expected a non-negative amount of pico-dollars.`,
    });
  }
  target[field] = value;
}
