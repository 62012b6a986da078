import type { Pricing } from '@tokenwise/spec';

/** A price in USD per million tokens, `$3.00` (more digits below a cent), or `unknown`. */
export function formatPrice(perMillion: number | undefined): string {
  if (perMillion === undefined) return 'unknown';
  if (perMillion !== 0 && Math.abs(perMillion) < 0.01) return `$${perMillion.toPrecision(2)}`;
  return `$${perMillion.toFixed(2)}`;
}

/** Input and output prices of a model, `undefined` when unpriced. */
export function prices(pricing: Pricing | undefined): { input?: number; output?: number } {
  return pricing === undefined ? {} : { input: pricing.inputPerMillion, output: pricing.outputPerMillion };
}

/**
 * A whole number with thousands separators: `1,048,576`. Not `toLocaleString`: its first call loads ICU data,
 * which costs ~40 ms of a command's start-up.
 */
export function formatCount(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
