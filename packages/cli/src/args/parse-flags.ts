import {
  CAPABILITIES,
  type Capability,
  InvalidArgumentError,
  type PicoUsd,
  STRATEGIES,
  type Strategy,
  TIERS,
  type Tier,
  usd,
} from '@tokenwise/spec';

function invalid(flag: string, expected: string, value: unknown): never {
  throw new InvalidArgumentError({
    argument: flag,
    message: `${flag} must be ${expected} (got "${String(value)}").`,
  });
}

/** `--budget`: a positive USD amount, `0.05` or `$0.05`, read exactly. */
export function parseBudgetFlag(value: unknown, flag = '--budget'): PicoUsd | undefined {
  if (value === undefined) return undefined;
  const expected = 'a positive USD amount like 0.05';
  if (typeof value !== 'string' || value.trim() === '') invalid(flag, expected, value);
  let amount: PicoUsd;
  try {
    amount = usd(value.trim().replace(/^\$/, ''));
  } catch {
    invalid(flag, expected, value);
  }
  if (amount <= 0n) invalid(flag, expected, value);
  return amount;
}

/** `--strategy`: `cheapest`, `balanced` or `best_quality` (`best-quality` is accepted too). */
export function parseStrategyFlag(value: unknown): Strategy | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim().toLowerCase().replace(/-/g, '_') : '';
  if (!(STRATEGIES as readonly string[]).includes(text)) {
    invalid('--strategy', `one of ${STRATEGIES.join(', ')}`, value);
  }
  return text as Strategy;
}

/** `--capability`: `code`, `reasoning`, `math`, `general` or `vision`. */
export function parseCapabilityFlag(value: unknown): Capability | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!(CAPABILITIES as readonly string[]).includes(text)) {
    invalid('--capability', `one of ${CAPABILITIES.join(', ')}`, value);
  }
  return text as Capability;
}

/** `--tier`: `budget`, `mid` or `flagship`. */
export function parseTierFlag(value: unknown): Tier | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!(TIERS as readonly string[]).includes(text)) invalid('--tier', `one of ${TIERS.join(', ')}`, value);
  return text as Tier;
}

/** A whole number within `[min, max]` (`--limit`, `--concurrency`, `--port`). */
export function parseIntegerFlag(
  value: unknown,
  flag: string,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : String(value);
  const number = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < range.min || number > range.max) {
    invalid(flag, `a whole number from ${range.min} to ${range.max}`, value);
  }
  return number;
}
