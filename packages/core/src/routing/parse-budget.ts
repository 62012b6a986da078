import { InvalidArgumentError, type PicoUsd, usd } from '@tokenwise/spec';

const MESSAGE = 'budget must be a USD amount of zero or more, like 0.05';

/**
 * Reads a budget given as pico-USD (bigint), a USD number or a USD decimal string. Zero is accepted (only free
 * models can fit it).
 * @throws InvalidArgumentError for negative, NaN, infinite or non-numeric values.
 */
export function parseBudget(value: PicoUsd | number | string): PicoUsd {
  let amount: PicoUsd;
  if (typeof value === 'bigint') {
    amount = value;
  } else if (typeof value === 'number' || typeof value === 'string') {
    try {
      amount = usd(value);
    } catch (cause) {
      throw new InvalidArgumentError({
        argument: 'budget',
        message: `${MESSAGE} (got "${String(value)}").`,
        cause,
      });
    }
  } else {
    throw new InvalidArgumentError({ argument: 'budget', message: `${MESSAGE} (got a ${typeof value}).` });
  }
  if (amount < 0n) {
    throw new InvalidArgumentError({ argument: 'budget', message: `${MESSAGE} (got "${String(value)}").` });
  }
  return amount;
}
