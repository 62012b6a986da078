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
  // It runs on every keyed request. Where Node's one-shot hash exists (Node ≥ 20.16), it takes ~0.5 µs in the
  // calling thread; Web Crypto's digest takes ~40 µs and a trip through the thread pool. Same bytes either way.
  const nodeHash = nodeCrypto()?.hash;
  if (nodeHash !== undefined) return nodeHash('sha256', secret, 'hex');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The part of a secret that listings show. */
export function keySecretPrefix(secret: string): string {
  return secret.slice(0, KEY_PREFIX_LENGTH);
}

interface NodeCrypto {
  hash?: (algorithm: string, data: string, encoding: 'hex') => string;
}

/** Node's crypto module when running on Node (through `process.getBuiltinModule`, so no import ties us to Node). */
function nodeCrypto(): NodeCrypto | undefined {
  const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return runtime?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
