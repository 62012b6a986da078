/**
 * An exact sum of pico-dollar amounts kept as a safe-integer number plus a bigint overflow: adding millions of
 * amounts as bigints is the slow part of an aggregation, and a number is exact for every integer up to 2^53 - 1.
 */
export interface ExactSum {
  small: number;
  big: bigint;
}

/** A new sum of zero. */
export function exactSum(): ExactSum {
  return { small: 0, big: 0n };
}

/** Adds exactly: a number must be a safe integer; the number part moves to the bigint before it could round. */
export function addExact(sum: ExactSum, amount: number | bigint): void {
  if (typeof amount === 'bigint') {
    sum.big += amount;
    return;
  }
  const next = sum.small + amount;
  // Both operands are safe integers, so a result within the safe range is exact; outside it may have rounded.
  if (next <= Number.MAX_SAFE_INTEGER && next >= -Number.MAX_SAFE_INTEGER) sum.small = next;
  else {
    sum.big += BigInt(sum.small) + BigInt(amount);
    sum.small = 0;
  }
}

/** The value of a sum. */
export function exactValue(sum: ExactSum): bigint {
  return sum.big + BigInt(sum.small);
}
