/**
 * Merges header records left to right (later wins, names compared case-insensitively) and drops undefined
 * values, so optional headers can be written inline.
 */
export function combineHeaders(
  ...headerSets: Array<Record<string, string | undefined> | undefined>
): Record<string, string> {
  const merged = new Map<string, { name: string; value: string | undefined }>();
  for (const headers of headerSets) {
    for (const [name, value] of Object.entries(headers ?? {})) {
      merged.set(name.toLowerCase(), { name, value });
    }
  }
  const result: Record<string, string> = {};
  for (const { name, value } of merged.values()) if (value !== undefined) result[name] = value;
  return result;
}
