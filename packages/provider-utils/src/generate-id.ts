const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A function that returns random ids such as `call_3kP9...` (Web Crypto, so it runs on every runtime). */
export function createIdGenerator({
  prefix,
  size = 16,
}: {
  prefix?: string;
  size?: number;
} = {}): () => string {
  return () => {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(size));
    let id = '';
    for (const byte of bytes) id += alphabet[byte % alphabet.length];
    return prefix === undefined ? id : `${prefix}_${id}`;
  };
}

/** A random 16-character id, for tool calls or responses the vendor did not name. */
export function generateId(): string {
  return createIdGenerator()();
}
