import { type ModelInfo, type PicoUsd, toUsdNumber, type Usage } from '@tokenwise/spec';

/**
 * What a client is told an answer cost: `null` when it is unknown — a model without a known price (forwarded
 * because no budget applied) whose vendor reported no cost — so an unpriced call never reads as a free one;
 * otherwise the settled cost (`undefined` while not known yet).
 */
export type ClientCost = PicoUsd | null | undefined;

/** The cost a client is told for an answer of `model` with `usage` (see {@link ClientCost}). */
export function clientCost(
  model: ModelInfo,
  settled: PicoUsd | undefined,
  usage: Usage | undefined,
): ClientCost {
  if (model.pricing === undefined && usage?.reportedCostUsd === undefined) return null;
  return settled;
}

/** `usage.cost` on the wire: USD, `null` when unknown, absent when not known yet. */
export function wireCost(cost: ClientCost): { cost?: number | null } {
  if (cost === undefined) return {};
  return { cost: cost === null ? null : toUsdNumber(cost) };
}

/** An `x-tokenwise-*` money header: a decimal USD amount, or `unknown`. */
export function costHeader(cost: PicoUsd | null, toDecimal: (amount: PicoUsd) => string): string {
  return cost === null ? 'unknown' : toDecimal(cost);
}
