import { ApiCallError } from '@tokenwise/spec';

const MAX_MESSAGE_LENGTH = 500;

// Credentials that may slip into upstream messages or URLs: OpenAI/Anthropic/OpenRouter style keys, Google API
// keys, bearer tokens, and `key=` query parameters.
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}/g, '$1-***'],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza***'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***'],
  [/([?&](?:key|api_key|apikey|token)=)[^&\s"']+/gi, '$1***'],
];

/** A failed attempt's error, safe to log and store: class name and a redacted, shortened message. */
export interface AttemptError {
  /** e.g. `TokenwiseApiCallError`, `TimeoutError`. */
  name: string;
  message: string;
  /** HTTP status of an upstream error, when there was one. */
  statusCode?: number;
}

/** Masks anything that looks like an API key or token in `text`. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** The loggable summary of an error: class name, redacted and shortened message, HTTP status. */
export function describeError(error: unknown): AttemptError {
  const name = error instanceof Error ? error.name : typeof error;
  const raw = error instanceof Error ? error.message : String(error);
  const redacted = redactSecrets(raw);
  const message =
    redacted.length > MAX_MESSAGE_LENGTH ? `${redacted.slice(0, MAX_MESSAGE_LENGTH)}…` : redacted;
  const described: AttemptError = { name, message };
  if (ApiCallError.isInstance(error) && error.statusCode !== undefined)
    described.statusCode = error.statusCode;
  return described;
}
