/** `https://x/v1/` → `https://x/v1`, so paths can be appended with a single `/`. */
export function withoutTrailingSlash(url: string): string;
export function withoutTrailingSlash(url: string | undefined): string | undefined;
export function withoutTrailingSlash(url: string | undefined): string | undefined {
  return url?.replace(/\/+$/, '');
}
