/** What replaces a secret in any text TokenWise produces. */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every occurrence of each secret (raw and URL-encoded) with `[REDACTED]`. Secrets shorter than 4
 * characters are ignored: replacing them would shred ordinary text without protecting anything.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    // Every successful body passes through here: search first, and only copy the text when a secret is in it.
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && result.includes(encoded)) result = result.split(encoded).join(REDACTED);
  }
  return result;
}
