import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeySecret, hashKeySecret, KEY_SECRET_PREFIX, keySecretPrefix } from './key-secret.js';

// FIPS 180-2's example: SHA-256("abc").
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hashKeySecret', () => {
  it('is SHA-256 as lowercase hex with Node’s one-shot hash', async () => {
    const getBuiltinModule = vi.spyOn(process, 'getBuiltinModule');
    expect(await hashKeySecret('abc')).toBe(ABC);
    expect(getBuiltinModule).toHaveBeenCalledWith('node:crypto');
  });

  it('gives the same bytes through Web Crypto where Node’s hash is missing (browsers, edge runtimes)', async () => {
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue(undefined as never);
    const digest = vi.spyOn(crypto.subtle, 'digest');
    expect(await hashKeySecret('abc')).toBe(ABC);
    expect(digest).toHaveBeenCalledTimes(1);
    const secret = createKeySecret();
    vi.restoreAllMocks();
    const fast = await hashKeySecret(secret);
    vi.spyOn(process, 'getBuiltinModule').mockReturnValue({} as never);
    expect(await hashKeySecret(secret)).toBe(fast);
  });
});

describe('createKeySecret', () => {
  it('makes distinct tw- secrets of 256 random bits, shown by a short prefix', () => {
    const a = createKeySecret();
    const b = createKeySecret();
    expect(a).not.toBe(b);
    expect(a.startsWith(KEY_SECRET_PREFIX)).toBe(true);
    expect(a).toMatch(/^tw-[A-Za-z0-9_-]{43}$/);
    expect(keySecretPrefix(a)).toBe(a.slice(0, 11));
  });
});
