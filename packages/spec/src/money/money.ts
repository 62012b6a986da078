import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * An exact amount of money in pico-dollars (1 USD = 10^12). Costs and budgets are summed and compared in this
 * unit, never as floats; a single token at any listed price is a whole number of pico-dollars.
 */
export type PicoUsd = bigint;

/** Pico-dollars in one US dollar. */
export const PICO_PER_USD = 1_000_000_000_000n;

const SCALE_DIGITS = 12;
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * Parses a USD amount exactly: a decimal string (`"0.05"`, `"1e-7"`) or a number (read through its shortest
 * decimal form, so `0.1` is exactly ten cents). Digits beyond the 12th decimal are rounded half away from zero.
 * @throws InvalidArgumentError for NaN, infinities and text that is not a number.
 */
export function usd(value: number | string): PicoUsd {
  if (typeof value === 'number') {
    // Fast path, exact: when a number below 1e9 equals a whole count of millionths, that count IS its shortest
    // decimal form (two different 6-decimal values differ by 1e-6, far more than a double's spacing there).
    const micros = Math.round(value * 1e6);
    if (micros / 1e6 === value && Math.abs(value) < 1e9) return BigInt(micros) * 1_000_000n;
  }
  const text = typeof value === 'number' ? numberToText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new InvalidArgumentError({
      argument: 'amount',
      message: `Invalid USD amount "${String(value)}": expected a decimal number such as 0.05.`,
    });
  }
  const [, sign, whole = '', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  let digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
  // The value is digits × 10^(exponent - fraction.length); bring it to 12 decimals.
  const shift = exponent - fraction.length + SCALE_DIGITS;
  let result: bigint;
  if (shift >= 0) {
    result = BigInt(digits || '0') * 10n ** BigInt(shift);
  } else {
    const drop = -shift;
    if (drop > digits.length) digits = digits.padStart(drop, '0');
    const kept = BigInt(digits.slice(0, digits.length - drop) || '0');
    const firstDropped = Number(digits[digits.length - drop] ?? '0');
    result = kept + (firstDropped >= 5 ? 1n : 0n);
  }
  return sign === '-' ? -result : result;
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) {
    throw new InvalidArgumentError({
      argument: 'amount',
      message: `Invalid USD amount ${String(value)}: expected a finite number.`,
    });
  }
  return String(value);
}

/** An exact decimal string of USD, without trailing zeros: `1234567n` → `"0.000001234567"`. */
export function toDecimalString(amount: PicoUsd): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / PICO_PER_USD;
  const fraction = (abs % PICO_PER_USD).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** USD as a JavaScript number, for display and JSON output only (never for sums or budget checks). */
export function toUsdNumber(amount: PicoUsd): number {
  return Number(toDecimalString(amount));
}

/**
 * Formats for people: `$0.0123`. Rounds half away from zero to `fractionDigits` (default 4); amounts that
 * would print as zero but are not show more digits (`$0.000042`), so a real cost never reads as `$0.0000`.
 */
export function formatUsd(amount: PicoUsd, fractionDigits = 4): string {
  if (amount !== 0n) {
    const unit = 10n ** BigInt(SCALE_DIGITS - fractionDigits);
    const abs = amount < 0n ? -amount : amount;
    if (abs < unit / 2n && fractionDigits < SCALE_DIGITS) {
      return formatUsd(amount, Math.min(SCALE_DIGITS, fractionDigits + 2));
    }
  }
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const unit = 10n ** BigInt(SCALE_DIGITS - fractionDigits);
  const rounded = (abs + unit / 2n) / unit;
  const text = rounded.toString().padStart(fractionDigits + 1, '0');
  const whole = text.slice(0, text.length - fractionDigits);
  const fraction = text.slice(text.length - fractionDigits);
  return `${negative ? '-' : ''}$${whole}${fractionDigits > 0 ? `.${fraction}` : ''}`;
}

/**
 * Exact cost of `tokens` tokens at `perMillion` USD per million tokens, rounded to the nearest pico-dollar.
 * @throws InvalidArgumentError for negative or fractional token counts.
 */
export function costOfTokens(tokens: number, perMillion: number): PicoUsd {
  if (!Number.isSafeInteger(tokens) || tokens < 0) {
    throw new InvalidArgumentError({
      argument: 'tokens',
      message: `Invalid token count ${tokens}: expected a non-negative integer.`,
    });
  }
  if (tokens === 0 || perMillion === 0) return 0n;
  return (usd(perMillion) * BigInt(tokens) + 500_000n) / 1_000_000n;
}

/** The larger of two amounts. */
export function maxUsd(a: PicoUsd, b: PicoUsd): PicoUsd {
  return a > b ? a : b;
}

/** The smaller of two amounts. */
export function minUsd(a: PicoUsd, b: PicoUsd): PicoUsd {
  return a < b ? a : b;
}
