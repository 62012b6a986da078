export { anthropicOnlyFeatureWarnings } from './anthropic-only-feature-warnings.js';
export {
  type CallApiOptions,
  type CallApiResult,
  DEFAULT_TIMEOUT_MS,
  getFromApi,
  postJsonToApi,
} from './call-api.js';
export { collectSecrets } from './collect-secrets.js';
export { combineHeaders } from './combine-headers.js';
export { createEventSourceResponseHandler } from './create-event-source-response-handler.js';
export { createJsonErrorResponseHandler } from './create-json-error-response-handler.js';
export { createJsonResponseHandler } from './create-json-response-handler.js';
export { createRequestTimeout, formatSeconds, type RequestTimeout } from './create-request-timeout.js';
export { extractResponseHeaders } from './extract-response-headers.js';
export type { FetchFunction } from './fetch-function.js';
export { createIdGenerator, generateId } from './generate-id.js';
export { httpClient } from './http-client.js';
export { isRetryableStatus } from './is-retryable-status.js';
export { loadApiKey } from './load-api-key.js';
export { loadOptionalSetting, loadSetting } from './load-setting.js';
export { parseJson, safeParseJson } from './parse-json.js';
export type { ParseResult } from './parse-result.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { readEnvironmentVariable } from './read-environment-variable.js';
export type { ResponseHandler, ResponseHandlerOptions } from './response-handler.js';
export { sanitizeError } from './sanitize-error.js';
export { convertArrayToReadableStream, convertReadableStreamToArray } from './stream-helpers.js';
export { isAbortError, toTransportError } from './to-transport-error.js';
export { withoutTrailingSlash } from './without-trailing-slash.js';
