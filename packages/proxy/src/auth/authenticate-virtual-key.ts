import {
  type BudgetScopeSnapshot,
  formatUsd,
  judgeKey,
  type KeyRefusalReason,
  type KeyStore,
  keyScopes,
  minUsd,
  type PicoUsd,
} from '@tokenwise/spec';
import { allowedBy } from './matches-glob.js';

/** Who a request is made by: a virtual key, its team, and the limits the doors and the engine must apply. */
export interface VirtualKeyPrincipal {
  keyId: string;
  teamId?: string;
  /** Budget scopes to reserve on, innermost first: `key:<id>`, then `team:<id>`. */
  scopes: string[];
  /** The smaller of the key's and the team's per-request maximum. */
  maxPerRequest?: PicoUsd;
  /** Globs over model ids; absent means every model. */
  allowedModels?: string[];
  /** Globs over strategy names; absent means every strategy. */
  allowedStrategies?: string[];
}

/** Why a request was refused before any upstream call. */
export type VirtualKeyRefusalReason =
  | 'missing'
  | KeyRefusalReason
  | 'model-not-allowed'
  | 'strategy-not-allowed'
  | 'per-request-limit'
  | 'key-budget'
  | 'team-budget';

/** A typed refusal: which limit refused, the HTTP status that fits, and a message safe to show the client. */
export interface VirtualKeyRefusal {
  ok: false;
  reason: VirtualKeyRefusalReason;
  /** 401 (no valid key), 403 (not allowed), 402 (budget spent, no reset), 429 (budget of a window, resets later). */
  status: 401 | 402 | 403 | 429;
  /** Machine-readable code, e.g. `key_revoked`, `model_not_allowed`, `key_budget_exceeded`. */
  code: string;
  message: string;
  keyId?: string;
  /** Seconds until a windowed budget starts over (429 only). */
  retryAfterSeconds?: number;
}

/** The answer of {@link authenticateVirtualKey} and {@link checkPrincipalAllows}. */
export type PrincipalResult = { ok: true; principal: VirtualKeyPrincipal } | VirtualKeyRefusal;

const REFUSALS: Record<KeyRefusalReason | 'missing', { status: 401 | 403; code: string; message: string }> = {
  missing: {
    status: 401,
    code: 'missing_api_key',
    message: 'Missing API key. Send it as `Authorization: Bearer <key>` or `x-api-key: <key>`.',
  },
  unknown: { status: 401, code: 'invalid_api_key', message: 'Invalid API key.' },
  revoked: { status: 401, code: 'key_revoked', message: 'This API key has been revoked.' },
  expired: { status: 401, code: 'key_expired', message: 'This API key has expired.' },
  disabled: { status: 403, code: 'key_disabled', message: 'This API key is disabled.' },
  'team-disabled': { status: 403, code: 'team_disabled', message: "This API key's team is disabled." },
};

/**
 * Reads the presented key from `Authorization: Bearer …` or `x-api-key` (the Anthropic door's header), asks the
 * key store, and returns the principal or a refusal saying why. The secret never appears in a refusal.
 */
export async function authenticateVirtualKey(headers: Headers, keyStore: KeyStore): Promise<PrincipalResult> {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  const secret = bearer || headers.get('x-api-key')?.trim();
  if (!secret) return refusal('missing');
  // Cached where the store can: a revoke is enforced at the reservation anyway (see recheckVirtualKey).
  const verdict = await keyStore.authenticate(secret, { cached: true });
  if (!verdict.ok) return refusal(verdict.reason, verdict.keyId);
  const { key, team } = verdict;
  const principal: VirtualKeyPrincipal = { keyId: key.id, scopes: keyScopes(key) };
  if (key.teamId !== undefined) principal.teamId = key.teamId;
  const caps = [key.maxPerRequest, team?.maxPerRequest].filter((cap): cap is PicoUsd => cap !== undefined);
  if (caps.length > 0) principal.maxPerRequest = caps.reduce(minUsd);
  if (key.allowedModels.length > 0) principal.allowedModels = [...key.allowedModels];
  if (key.allowedStrategies.length > 0) principal.allowedStrategies = [...key.allowedStrategies];
  return { ok: true, principal };
}

/**
 * Reads the principal's key (and team) again, bypassing any cached authentication, and returns the refusal it now
 * earns — revoked, expired, disabled, team disabled — or undefined while it is still valid. For a budget refusal
 * on a key or team scope: a store closes the scope of a key revoked after this process cached its authentication.
 */
export async function recheckVirtualKey(
  keyStore: KeyStore,
  keyId: string,
  nowMs: number,
): Promise<VirtualKeyRefusal | undefined> {
  const key = await keyStore.getKey(keyId);
  if (key === undefined) return refusal('unknown', keyId);
  const team = key.teamId === undefined ? undefined : await keyStore.getTeam(key.teamId);
  const verdict = judgeKey(key, team, nowMs);
  return verdict.ok ? undefined : refusal(verdict.reason, keyId);
}

/**
 * Whether the principal may call `modelId` with `strategy`, and reserve `worstCase` for one request. Call it for
 * the model the client named (and for each candidate a router picks), before any upstream call.
 */
export function checkPrincipalAllows(
  principal: VirtualKeyPrincipal,
  request: { modelId?: string; strategy?: string; worstCase?: PicoUsd },
): PrincipalResult {
  const { keyId } = principal;
  if (request.modelId !== undefined && !allowedBy(principal.allowedModels, request.modelId)) {
    return {
      ok: false,
      reason: 'model-not-allowed',
      status: 403,
      code: 'model_not_allowed',
      message: `This API key may not use model "${request.modelId}". Allowed: ${principal.allowedModels!.join(', ')}.`,
      keyId,
    };
  }
  if (request.strategy !== undefined && !allowedBy(principal.allowedStrategies, request.strategy)) {
    return {
      ok: false,
      reason: 'strategy-not-allowed',
      status: 403,
      code: 'strategy_not_allowed',
      message: `This API key may not use strategy "${request.strategy}". Allowed: ${principal.allowedStrategies!.join(', ')}.`,
      keyId,
    };
  }
  if (
    request.worstCase !== undefined &&
    principal.maxPerRequest !== undefined &&
    request.worstCase > principal.maxPerRequest
  ) {
    return {
      ok: false,
      reason: 'per-request-limit',
      status: 402,
      code: 'per_request_limit_exceeded',
      message: `This request could cost up to ${formatUsd(request.worstCase)}, above this key's per-request maximum of ${formatUsd(principal.maxPerRequest)}. Lower max_tokens or shorten the prompt.`,
      keyId,
    };
  }
  return { ok: true, principal };
}

/**
 * The refusal for a reservation the budget store refused on a key or team scope: 429 with `retryAfterSeconds`
 * when the scope's window starts over later (`1d`, `7d`, `30d`, month), 402 when it never does.
 */
export function budgetRefusal(
  principal: VirtualKeyPrincipal,
  refused: { scope: string; remaining: PicoUsd },
  snapshot: BudgetScopeSnapshot | undefined,
  nowMs: number,
): VirtualKeyRefusal {
  const team = refused.scope.startsWith('team:');
  const who = team ? "This API key's team" : 'This API key';
  const base = {
    ok: false as const,
    reason: team ? ('team-budget' as const) : ('key-budget' as const),
    code: team ? 'team_budget_exceeded' : 'key_budget_exceeded',
    keyId: principal.keyId,
  };
  if (snapshot?.windowEnd !== undefined) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(snapshot.windowEnd) - nowMs) / 1000));
    return {
      ...base,
      status: 429,
      retryAfterSeconds,
      message: `${who} has ${formatUsd(refused.remaining)} left of its ${snapshot.period} budget, not enough for this request; it starts over at ${snapshot.windowEnd}.`,
    };
  }
  return {
    ...base,
    status: 402,
    message: `${who} has ${formatUsd(refused.remaining)} left of its budget, not enough for this request.`,
  };
}

function refusal(reason: KeyRefusalReason | 'missing', keyId?: string): VirtualKeyRefusal {
  const { status, code, message } = REFUSALS[reason];
  return keyId === undefined
    ? { ok: false, reason, status, code, message }
    : { ok: false, reason, status, code, message, keyId };
}
