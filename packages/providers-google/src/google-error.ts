import { ApiCallError } from '@tokenwise/spec';
import * as v from 'valibot';
import { googleErrorSchema } from './google-api.js';

/**
 * Reads Google's error message from an error body (`{error:{code, message, status}}`), or returns `undefined`
 * when the body has another shape.
 */
export function readGoogleErrorMessage(body: unknown): string | undefined {
  // some gateways wrap the error in a one-element array:
  const candidate = Array.isArray(body) && body.length === 1 ? body[0] : body;
  const parsed = v.safeParse(googleErrorSchema, candidate);
  if (!parsed.success) return undefined;
  const { status, message } = parsed.output.error;
  return status != null ? `${status}: ${message}` : message;
}

/** Builds the `ApiCallError` for an error object received after the stream started. */
export function createGoogleStreamError(
  error: { code?: number | null; message: string; status?: string | null },
  url: string,
): ApiCallError {
  return new ApiCallError({
    message: `Gemini stream failed (${error.status ?? error.code ?? 'error'}): ${error.message}`,
    provider: 'google',
    url,
    ...(error.code != null ? { statusCode: error.code } : {}),
    responseBody: JSON.stringify({ error }),
  });
}
