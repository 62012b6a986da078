import { type PicoUsd, usd } from '@tokenwise/spec';

const PLAIN = /^\d+(?:\.\d{0,12})?$/;

/**
 * `usd()` with a fast path for the plain decimals the ledger writes (`"0.000123"`, at most 12 decimals): the
 * summary of a large file reads millions of amounts. Anything else goes through `usd()` itself.
 */
export function parseUsd(value: number | string): PicoUsd {
  const text = typeof value === 'number' ? String(value) : value;
  if (!PLAIN.test(text)) return usd(text);
  const dot = text.indexOf('.');
  if (dot === -1) return BigInt(text) * 1_000_000_000_000n;
  return BigInt(text.slice(0, dot) + text.slice(dot + 1).padEnd(12, '0'));
}
