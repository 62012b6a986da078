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

/** A whole number with thousands separators: `1,048,576`. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
