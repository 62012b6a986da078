import {
  type BudgetScopeSnapshot,
  InvalidArgumentError,
  type PicoUsd,
  type Team,
  type TeamInput,
  type TeamPatch,
  toDecimalString,
  usd,
  type VirtualKey,
  type VirtualKeyInput,
  type VirtualKeyPatch,
} from '@tokenwise/spec';

/*
 * The JSON shapes of keys and teams shared by the admin API and `tokenwise keys|teams --json`: snake_case fields,
 * amounts as exact USD decimal strings, never a secret (only its prefix).
 */

/** A budget scope's figures in JSON. */
export interface BudgetJson {
  period: string;
  limit_usd: string | null;
  spent_usd: string;
  reserved_usd: string;
  remaining_usd: string | null;
  open_reservations: number;
  window_start: string | null;
  window_end: string | null;
}

/** A key in JSON. `budget` is present when the spend was asked for (show). */
export interface KeyJson {
  object: 'tokenwise.key';
  id: string;
  name: string;
  prefix: string;
  status: 'active' | 'revoked' | 'expired' | 'disabled';
  team_id: string | null;
  budget_usd: string | null;
  period: string;
  max_per_request_usd: string | null;
  allowed_models: string[];
  allowed_strategies: string[];
  expires_at: string | null;
  enabled: boolean;
  revoked_at: string | null;
  created_at: string;
  updated_at: string;
  spend?: BudgetJson;
}

/** A team in JSON. */
export interface TeamJson {
  object: 'tokenwise.team';
  id: string;
  name: string;
  enabled: boolean;
  budget_usd: string | null;
  period: string;
  max_per_request_usd: string | null;
  created_at: string;
  updated_at: string;
  spend?: BudgetJson;
}

/** The JSON of a key (with its spend when a snapshot is given). */
export function keyJson(key: VirtualKey, nowMs: number, snapshot?: BudgetScopeSnapshot): KeyJson {
  const json: KeyJson = {
    object: 'tokenwise.key',
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    status: keyStatus(key, nowMs),
    team_id: key.teamId ?? null,
    budget_usd: usdText(key.budget),
    period: key.period,
    max_per_request_usd: usdText(key.maxPerRequest),
    allowed_models: [...key.allowedModels],
    allowed_strategies: [...key.allowedStrategies],
    expires_at: key.expiresAt ?? null,
    enabled: key.enabled,
    revoked_at: key.revokedAt ?? null,
    created_at: key.createdAt,
    updated_at: key.updatedAt,
  };
  if (snapshot !== undefined) json.spend = budgetJson(snapshot);
  return json;
}

/** The JSON of a team (with its spend when a snapshot is given). */
export function teamJson(team: Team, snapshot?: BudgetScopeSnapshot): TeamJson {
  const json: TeamJson = {
    object: 'tokenwise.team',
    id: team.id,
    name: team.name,
    enabled: team.enabled,
    budget_usd: usdText(team.budget),
    period: team.period,
    max_per_request_usd: usdText(team.maxPerRequest),
    created_at: team.createdAt,
    updated_at: team.updatedAt,
  };
  if (snapshot !== undefined) json.spend = budgetJson(snapshot);
  return json;
}

/** A scope snapshot in JSON. */
export function budgetJson(snapshot: BudgetScopeSnapshot): BudgetJson {
  return {
    period: snapshot.period,
    limit_usd: usdText(snapshot.limit),
    spent_usd: toDecimalString(snapshot.spent),
    reserved_usd: toDecimalString(snapshot.reserved),
    remaining_usd: usdText(snapshot.remaining),
    open_reservations: snapshot.openReservations,
    window_start: snapshot.windowStart ?? null,
    window_end: snapshot.windowEnd ?? null,
  };
}

/** Whether a key can be used now, and if not the first reason (revocation first). */
export function keyStatus(key: VirtualKey, nowMs: number): KeyJson['status'] {
  if (key.revokedAt !== undefined) return 'revoked';
  if (key.expiresAt !== undefined && Date.parse(key.expiresAt) <= nowMs) return 'expired';
  return key.enabled ? 'active' : 'disabled';
}

/** Reads a key to create from JSON (`name`, `team_id`, `budget_usd`, …). @throws InvalidArgumentError */
export function parseKeyInputJson(body: unknown): VirtualKeyInput {
  const json = objectOf(body);
  const patch = parseKeyPatchJson(body, ['name', 'team_id']);
  const input: VirtualKeyInput = { name: requiredString(json, 'name') };
  if (json.team_id !== undefined && json.team_id !== null) input.teamId = requiredString(json, 'team_id');
  if (patch.budget !== undefined && patch.budget !== null) input.budget = patch.budget;
  if (patch.period !== undefined) input.period = patch.period;
  if (patch.maxPerRequest !== undefined && patch.maxPerRequest !== null)
    input.maxPerRequest = patch.maxPerRequest;
  if (patch.allowedModels !== undefined) input.allowedModels = patch.allowedModels;
  if (patch.allowedStrategies !== undefined) input.allowedStrategies = patch.allowedStrategies;
  if (patch.expiresAt !== undefined && patch.expiresAt !== null) input.expiresAt = patch.expiresAt;
  if (patch.enabled !== undefined) input.enabled = patch.enabled;
  return input;
}

/** Reads a key update from JSON; `null` clears an optional field. @throws InvalidArgumentError */
export function parseKeyPatchJson(body: unknown, extra: readonly string[] = []): VirtualKeyPatch {
  const json = objectOf(body);
  refuseUnknown(json, [...KEY_FIELDS, ...extra]);
  const patch: VirtualKeyPatch = {};
  if (json.name !== undefined) patch.name = requiredString(json, 'name');
  if (json.budget_usd !== undefined) patch.budget = optionalUsd(json, 'budget_usd');
  if (json.period !== undefined) patch.period = requiredString(json, 'period') as VirtualKeyPatch['period'];
  if (json.max_per_request_usd !== undefined) patch.maxPerRequest = optionalUsd(json, 'max_per_request_usd');
  if (json.allowed_models !== undefined) patch.allowedModels = stringList(json, 'allowed_models');
  if (json.allowed_strategies !== undefined) patch.allowedStrategies = stringList(json, 'allowed_strategies');
  if (json.expires_at !== undefined) {
    patch.expiresAt = json.expires_at === null ? null : requiredString(json, 'expires_at');
  }
  if (json.enabled !== undefined) patch.enabled = json.enabled as boolean;
  return patch;
}

/** Reads a team to create from JSON. @throws InvalidArgumentError */
export function parseTeamInputJson(body: unknown): TeamInput {
  const patch = parseTeamPatchJson(body);
  const input: TeamInput = { name: requiredString(objectOf(body), 'name') };
  if (patch.budget !== undefined && patch.budget !== null) input.budget = patch.budget;
  if (patch.period !== undefined) input.period = patch.period;
  if (patch.maxPerRequest !== undefined && patch.maxPerRequest !== null)
    input.maxPerRequest = patch.maxPerRequest;
  return input;
}

/** Reads a team update from JSON; `null` clears an optional field. @throws InvalidArgumentError */
export function parseTeamPatchJson(body: unknown): TeamPatch {
  const json = objectOf(body);
  refuseUnknown(json, TEAM_FIELDS);
  const patch: TeamPatch = {};
  if (json.name !== undefined) patch.name = requiredString(json, 'name');
  if (json.budget_usd !== undefined) patch.budget = optionalUsd(json, 'budget_usd');
  if (json.period !== undefined) patch.period = requiredString(json, 'period') as TeamPatch['period'];
  if (json.max_per_request_usd !== undefined) patch.maxPerRequest = optionalUsd(json, 'max_per_request_usd');
  if (json.enabled !== undefined) patch.enabled = json.enabled as boolean;
  return patch;
}

const TEAM_FIELDS = ['name', 'budget_usd', 'period', 'max_per_request_usd', 'enabled'];
const KEY_FIELDS = [...TEAM_FIELDS, 'allowed_models', 'allowed_strategies', 'expires_at'];

function usdText(amount: PicoUsd | undefined): string | null {
  return amount === undefined ? null : toDecimalString(amount);
}

function objectOf(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidArgumentError({ argument: 'body', message: 'Expected a JSON object.' });
  }
  return body as Record<string, unknown>;
}

function refuseUnknown(json: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(json).find((field) => !allowed.includes(field));
  if (unknown !== undefined) {
    throw new InvalidArgumentError({
      argument: unknown,
      message: `Unknown field "${unknown}": expected some of ${allowed.join(', ')}.`,
    });
  }
}

function requiredString(json: Record<string, unknown>, field: string): string {
  const value = json[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidArgumentError({
      argument: field,
      message: `Invalid "${field}": expected a non-empty string.`,
    });
  }
  return value;
}

function optionalUsd(json: Record<string, unknown>, field: string): PicoUsd | null {
  const value = json[field];
  if (value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new InvalidArgumentError({
      argument: field,
      message: `Invalid "${field}": expected a USD amount such as "5" or "0.25", or null.`,
    });
  }
  const amount = usd(value);
  if (amount < 0n) {
    throw new InvalidArgumentError({
      argument: field,
      message: `Invalid "${field}": expected 0 or more USD.`,
    });
  }
  return amount;
}

function stringList(json: Record<string, unknown>, field: string): string[] {
  const value = json[field];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InvalidArgumentError({
      argument: field,
      message: `Invalid "${field}": expected a list of patterns such as ["openai/*"].`,
    });
  }
  return value as string[];
}
