import { ApiCallError, redactSecrets } from '@tokenwise/spec';

const MAX_MESSAGE_LENGTH = 500;

/** A failed attempt's error, safe to log and store: class name and a redacted, shortened message. */
export interface AttemptError {
  /** e.g. `TokenwiseApiCallError`, `TimeoutError`. */
  name: string;
  message: string;
  /** HTTP status of an upstream error, when there was one. */
  statusCode?: number;
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
