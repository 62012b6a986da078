import {
  ApiCallError,
  BudgetExceededError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadApiKeyError,
  NoRouteError,
  NoSuchModelError,
  NoSuchProviderError,
  RiskGateBlockedError,
  toDecimalString,
} from '@tokenwise/spec';
import { HTTPException } from 'hono/http-exception';
import { OpenAIHttpError } from './openai-http-error.js';
import { upstreamReason } from './upstream-reason.js';

/**
 * Maps any error to the OpenAI-shaped error the client receives. This is the proxy's only error mapping: vendor
 * URLs, stacks, bodies and keys never reach the client — only the status class and a one-line message (plus the
 * vendor's redacted reason when it refused the request as invalid).
 */
export function toOpenAIError(error: unknown): OpenAIHttpError {
  if (error instanceof OpenAIHttpError) return error;
  if (error instanceof HTTPException) return fromHttpException(error);
  if (BudgetExceededError.isInstance(error)) {
    return new OpenAIHttpError({
      status: 402,
      type: 'invalid_request_error',
      code: 'budget_exceeded',
      message: `Budget exceeded: the call needs at least $${toDecimalString(error.required)} but $${toDecimalString(
        error.remaining < 0n ? 0n : error.remaining,
      )} is left. Raise the budget (tokenwise.budget or x-tokenwise-budget) or lower max_tokens.`,
    });
  }
  if (NoRouteError.isInstance(error)) {
    const onlyBudget = error.cheapest !== undefined;
    return new OpenAIHttpError({
      status: onlyBudget ? 402 : 400,
      type: 'invalid_request_error',
      code: onlyBudget ? 'budget_exceeded' : 'no_route',
      message: error.message,
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
    return new OpenAIHttpError({
      status: 502,
      type: 'api_error',
      code: 'upstream_invalid_response',
      message: `The upstream provider${error.provider ? ` ${error.provider}` : ''} sent a malformed response. Retry or pick another model.`,
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
