import {
  ApiCallError,
  BudgetExceededError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadApiKeyError,
  ModelNotPricedError,
  NoRouteError,
  NoSuchModelError,
  NoSuchProviderError,
  RiskGateBlockedError,
  toDecimalString,
} from '@tokenwise/spec';
import { HTTPException } from 'hono/http-exception';
import { ClientClosedRequestError } from './client-closed-request-error.js';
import { ForbiddenRequestError } from './forbidden-request-error.js';
import { OpenAIHttpError } from './openai-http-error.js';
import { RequestBodyError } from './request-body-error.js';
import { upstreamReason } from './upstream-reason.js';

/**
 * Maps any error to the OpenAI-shaped error the client receives. This is the proxy's only error mapping: vendor
 * URLs, stacks, bodies and keys never reach the client — only the status class and a one-line message (plus the
 * vendor's redacted reason when it refused the request as invalid).
 */
export function toOpenAIError(error: unknown): OpenAIHttpError {
  if (error instanceof OpenAIHttpError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  if (RequestBodyError.isInstance(error)) return fromRequestBodyError(error);
  if (ForbiddenRequestError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 403,
      type: 'permission_error',
      code: error.reason === 'origin' ? 'origin_not_allowed' : 'host_not_allowed',
      message: error.message,
    });
  }
  if (ClientClosedRequestError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 499,
      type: 'invalid_request_error',
      code: 'client_closed_request',
      message: error.message,
    });
  }
  if (BudgetExceededError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 402,
      type: 'invalid_request_error',
      code: 'budget_exceeded',
      message: `Budget exceeded: the call needs at least $${toDecimalString(error.required)} but $${toDecimalString(
        error.remaining < 0n ? 0n : error.remaining,
      )} is left ${budgetAdvice(error.level)}`,
    });
  }
  if (NoRouteError.isInstance(error)) {
    const cheapest = error.cheapest;
    // The router's own message names library options (`budgetStrict`, `minTier`); HTTP clients get the body
    // fields and headers they can actually send.
    return new OpenAIHttpError({
      status: cheapest ? 402 : 400,
      type: 'invalid_request_error',
      code: cheapest ? 'budget_exceeded' : 'no_route',
      message: cheapest
        ? `No model fits the budget of $${toDecimalString(error.budget ?? 0n)}: the cheapest capable model is ${cheapest.modelId} at ~$${toDecimalString(cheapest.estimatedCost)}. Raise the budget (tokenwise.budget or x-tokenwise-budget) or lower max_tokens.`
        : error.message.replace(
            /; relax the capability, minTier or exclusions, or allow free\/unpriced models\.$/,
            '; ask for another capability (tokenwise.capability or x-tokenwise-capability) or name a model from GET /v1/models.',
          ),
    });
  }
  if (RiskGateBlockedError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 422,
      type: 'invalid_request_error',
      code: 'risk_gate_blocked',
      message: `Blocked by the risk gate: ${error.reason}. Rephrase the request; nothing was sent to a model.`,
    });
  }
  if (ModelNotPricedError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'model_not_priced',
      param: 'model',
      message: error.message.replace('(tokenwise models)', '(GET /v1/models)'),
    });
  }
  if (NoSuchModelError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model "${error.modelId}" does not exist. GET /v1/models lists the available ids.`,
    });
  }
  if (NoSuchProviderError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
      message: `No provider is configured for "${error.providerId}". Configure its API key on the proxy or pick another model.`,
    });
  }
  if (InvalidArgumentError.isInstance(error) && error.argument === 'contextWindow') {
    return new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
      message: error.message,
    });
  }
  if (InvalidArgumentError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'invalid_value',
      param: error.argument,
      message: error.message,
    });
  }
  if (ApiCallError.isInstance(error)) return fromApiCallError(error);
  if (InvalidResponseDataError.isInstance(error)) {
    const provider = `The upstream provider${error.provider ? ` ${error.provider}` : ''}`;
    // the cause in plain words (never the vendor's data): a client can tell a runaway answer from a broken one
    const what =
      error.reason === 'too-large'
        ? 'sent an answer larger than its max_tokens allows; TokenWise stopped reading it'
        : error.reason === 'cut'
          ? 'cut its answer off mid-way'
          : 'sent a malformed response';
    return new OpenAIHttpError({
      status: 502,
      type: 'api_error',
      code: 'upstream_invalid_response',
      message: `${provider} ${what}. Retry or pick another model.`,
    });
  }
  if (LoadApiKeyError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 502,
      type: 'server_error',
      code: 'provider_not_configured',
      message: `The proxy has no API key for ${error.provider}. Ask its operator to configure it, or pick another model.`,
    });
  }
  return new OpenAIHttpError({
    status: 500,
    type: 'server_error',
    code: 'internal_error',
    message: 'Internal proxy error. The request id in x-tokenwise-request-id identifies it in the logs.',
  });
}

const BODY_ERRORS: Record<RequestBodyError['kind'], { status: number; code: string }> = {
  unsupported_media_type: { status: 415, code: 'unsupported_media_type' },
  too_large: { status: 413, code: 'request_too_large' },
  empty: { status: 400, code: 'invalid_json' },
  invalid_json: { status: 400, code: 'invalid_json' },
  too_deep: { status: 400, code: 'json_too_deep' },
};

function fromRequestBodyError(error: RequestBodyError): OpenAIHttpError {
  const { status, code } = BODY_ERRORS[error.kind];
  return new OpenAIHttpError({ status, type: 'invalid_request_error', code, message: error.message });
}

function fromHttpException(error: HTTPException): OpenAIHttpError {
  const status = error.status;
  if (status === 413) {
    return new OpenAIHttpError({
      status,
      type: 'invalid_request_error',
      code: 'request_too_large',
      message: 'Request body too large for this proxy. Send a smaller request.',
    });
  }
  return new OpenAIHttpError({
    status,
    type: status >= 500 ? 'server_error' : 'invalid_request_error',
    code: status >= 500 ? 'internal_error' : 'invalid_request',
    message: status >= 500 ? 'Internal proxy error.' : error.message || 'Invalid request.',
  });
}

/**
 * Keeps the status class of an upstream failure, never its body or URL. A 400/422 also carries the vendor's
 * reason (redacted, one line): the client's request was at fault and needs it to fix the request.
 */
function fromApiCallError(error: ApiCallError): OpenAIHttpError {
  const status = error.statusCode;
  const who = `The upstream provider ${error.provider}`;
  if (status === 429) {
    return new OpenAIHttpError({
      status: 429,
      type: 'rate_limit_error',
      code: 'upstream_rate_limited',
      message: `${who} is rate limiting requests. Retry later.`,
      headers:
        error.retryAfterMs === undefined
          ? undefined
          : { 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) },
    });
  }
  if (status === 400 || status === 422) {
    return new OpenAIHttpError({
      status: 400,
      type: 'invalid_request_error',
      code: 'upstream_invalid_request',
      message: `${who} rejected the request as invalid (HTTP ${status}): ${
        upstreamReason(error) || 'no reason given'
      }. Check the request fields for this model.`,
    });
  }
  if (status === undefined) {
    return new OpenAIHttpError({
      status: 504,
      type: 'api_error',
      code: 'upstream_unreachable',
      message: `${who} could not be reached or timed out. Retry later.`,
    });
  }
  if (status >= 500) {
    return new OpenAIHttpError({
      status: status === 503 ? 503 : 502,
      type: 'api_error',
      code: 'upstream_error',
      message: `${who} failed (HTTP ${status}). Retry later or pick another model.`,
    });
  }
  // 401/402/403/404 and other 4xx: the proxy's own account or configuration is at fault, not the client.
  return new OpenAIHttpError({
    status: 502,
    type: 'api_error',
    code: 'upstream_refused',
    message: `${who} refused the call (HTTP ${status}). Pick another model or ask the proxy's operator.`,
  });
}

/** Which limit refused, in words an HTTP client can act on (raising the request budget cannot refill the others). */
function budgetAdvice(level: string | undefined): string {
  if (level === 'process') {
    return "in the proxy's process budget (TOKENWISE_PROXY_PROCESS_BUDGET): it resets when the proxy restarts; ask its operator, since raising tokenwise.budget cannot help.";
  }
  if (level?.startsWith('key:'))
    return "on this API key's budget: wait for its window to reset or ask an admin to raise it.";
  if (level?.startsWith('team:'))
    return "on this key's team budget: wait for its window to reset or ask an admin to raise it.";
  return 'of the request budget. Raise the budget (tokenwise.budget or x-tokenwise-budget) or lower max_tokens.';
}
