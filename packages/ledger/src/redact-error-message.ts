import { redactSecrets } from '@tokenwise/spec';

/** Longest error message kept in the ledger; longer ones are cut (they are for people, not parsers). */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/**
 * An error message as the ledger and the request log keep it: secrets redacted (spec's `redactSecrets`) and on
 * one line of at most {@link MAX_ERROR_MESSAGE_LENGTH} characters.
 */
export function redactErrorMessage(text: string): string {
  const line = redactSecrets(text.replace(/\s+/g, ' ').trim());
  return line.length > MAX_ERROR_MESSAGE_LENGTH ? `${line.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…` : line;
}
