// header names that carry credentials in the vendors we support (and in most others):
const credentialHeader = /authorization|api[-_]?key|token|secret|cookie/i;

/**
 * The credential values found in request headers (the `Bearer ` prefix stripped too), plus any extra secrets.
 * Every error path redacts these, so adapters cannot forget a key they placed in a header.
 */
export function collectSecrets(
  headers: Record<string, string | undefined> | undefined,
  extraSecrets: ReadonlyArray<string | undefined> = [],
): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || !credentialHeader.test(name)) continue;
    secrets.push(value);
    const scheme = /^(bearer|basic|token)\s+(.+)$/i.exec(value);
    if (scheme?.[2] !== undefined) secrets.push(scheme[2]);
  }
  for (const secret of extraSecrets) if (secret !== undefined && secret !== '') secrets.push(secret);
  // longest first, so a key is never half-replaced by a shorter secret that it contains:
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}
