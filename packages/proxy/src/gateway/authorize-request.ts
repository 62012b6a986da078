import { BudgetExceededError } from '@tokenwise/spec';
import {
  authenticateVirtualKey,
  budgetRefusal,
  checkPrincipalAllows,
  recheckVirtualKey,
  type VirtualKeyPrincipal,
  type VirtualKeyRefusal,
} from '../auth/authenticate-virtual-key.js';
import { type OpenAIErrorType, OpenAIHttpError } from '../errors/openai-http-error.js';
import type { ProxyRuntime } from './proxy-runtime.js';
import type { RequestSelection } from './request-selection.js';

const TYPE_BY_STATUS: Record<VirtualKeyRefusal['status'], OpenAIErrorType> = {
  401: 'authentication_error',
  402: 'invalid_request_error',
  403: 'permission_error',
  429: 'rate_limit_error',
};

/**
 * The error a door answers a key refusal with: the refusal's status, code and message (never the secret), mapped
 * by every door to its own shape; `retry-after` for a windowed budget, `www-authenticate` for a 401.
 */
export function refusalError(refusal: VirtualKeyRefusal): OpenAIHttpError {
  const headers: Record<string, string> = {};
  if (refusal.status === 401) headers['www-authenticate'] = 'Bearer';
  if (refusal.retryAfterSeconds !== undefined) headers['retry-after'] = String(refusal.retryAfterSeconds);
  return new OpenAIHttpError({
    status: refusal.status,
    type: TYPE_BY_STATUS[refusal.status],
    code: refusal.code,
    message: refusal.message,
    headers,
  });
}

/**
 * Authenticates a request's virtual key when the runtime has a key store, and checks that its key may use the
 * model or strategy asked for — before any upstream call. Answers `undefined` when the proxy has no key store.
 * @throws OpenAIHttpError (401/403) saying which check refused, in every door's own shape; ModelNotPricedError
 * for a model without a known price when the key or its team has a budget.
 */
export async function authorizeRequest(
  runtime: ProxyRuntime,
  headers: Headers,
  selection: RequestSelection,
): Promise<VirtualKeyPrincipal | undefined> {
  if (runtime.keyStore === undefined) return undefined;
  const authenticated = await authenticateVirtualKey(headers, runtime.keyStore);
  if (!authenticated.ok) throw refusalError(authenticated);
  const allowed = checkPrincipalAllows(authenticated.principal, {
    ...(selection.explicitModel === undefined ? {} : { modelId: selection.explicitModel.id }),
    ...(selection.routed ? { strategy: selection.strategy } : {}),
  });
  if (!allowed.ok) throw refusalError(allowed);
  const principal = authenticated.principal;
  // A model without a known price goes out only when no budget applies: the key's and team's count too.
  const explicit = selection.explicitModel;
  if (
    explicit?.pricing === undefined &&
    explicit !== undefined &&
    (await keyBudgetApplies(runtime, principal))
  ) {
    runtime.outsideCatalog(explicit.id, principal.maxPerRequest ?? 0n, explicit);
  }
  return principal;
}

/** Whether the key or its team has any budget: a per-request maximum, or a limit on a store scope (internal). */
async function keyBudgetApplies(runtime: ProxyRuntime, principal: VirtualKeyPrincipal): Promise<boolean> {
  if (principal.maxPerRequest !== undefined) return true;
  const store = runtime.budgetStore;
  if (store === undefined) return false;
  const snapshots = await Promise.all(principal.scopes.map((scope) => store.snapshot(scope)));
  return snapshots.some((snapshot) => snapshot?.limit !== undefined);
}

/**
 * Turns the engine's refusal on a key or team scope (or on a request budget capped by the key's per-request
 * maximum) into the refusal that says which limit refused: 429 with `retry-after` for a windowed budget, 402
 * otherwise. Other errors pass unchanged.
 */
export async function keyBudgetError(
  runtime: ProxyRuntime,
  principal: VirtualKeyPrincipal | undefined,
  error: unknown,
): Promise<unknown> {
  if (principal === undefined || !BudgetExceededError.isInstance(error)) return error;
  const level = error.level;
  if (level?.startsWith('key:') || level?.startsWith('team:')) {
    // A key revoked (disabled, expired, its team disabled) since this replica cached its authentication: the store
    // refused on its closed scope; say what happened to the key, not that its budget is spent.
    const changed =
      runtime.keyStore === undefined
        ? undefined
        : await recheckVirtualKey(runtime.keyStore, principal.keyId, runtime.clock()).catch(() => undefined);
    if (changed !== undefined) return refusalError(changed);
    const snapshot = await runtime.budgetStore?.snapshot(level).catch(() => undefined);
    return refusalError(
      budgetRefusal(principal, { scope: level, remaining: error.remaining }, snapshot, runtime.clock()),
    );
  }
  if (
    level === 'request' &&
    principal.maxPerRequest !== undefined &&
    error.budget === principal.maxPerRequest
  ) {
    const refused = checkPrincipalAllows(principal, { worstCase: error.required });
    if (!refused.ok) return refusalError(refused);
  }
  return error;
}
