/** A `data:` URL split into its media type and base64 payload. */
export interface DataUrlParts {
  mediaType: string;
  base64: string;
}

/**
 * Splits a base64 `data:` URL (`data:image/png;base64,AAAA`). Returns `undefined` for anything else, including
 * non-base64 data URLs, which the vendors do not accept either.
 */
export function splitDataUrl(url: string): DataUrlParts | undefined {
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1]!.trim(), base64: match[3]! };
}
