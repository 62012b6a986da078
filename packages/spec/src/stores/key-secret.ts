/** Every virtual key secret starts with this. */
export const KEY_SECRET_PREFIX = 'tw-';
/** Characters of a secret kept (and shown) as its prefix. */
export const KEY_PREFIX_LENGTH = 11;

/**
 * A new virtual key secret: `tw-` and 32 random bytes in base64url (256 bits from the Web Crypto generator), so it
 * cannot be guessed and a plain SHA-256 is a safe way to store it (no salt or slow hash is needed for random secrets).
 */
export function createKeySecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return KEY_SECRET_PREFIX + base64url(bytes);
}

/** A short random id with a prefix, e.g. `key_3f9a0c1b7d2e4a6b`. */
export function createStoreId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${prefix}_${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** SHA-256 of a secret as lowercase hex: what stores keep and look a presented secret up by. */
export async function hashKeySecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The part of a secret that listings show. */
export function keySecretPrefix(secret: string): string {
  return secret.slice(0, KEY_PREFIX_LENGTH);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
