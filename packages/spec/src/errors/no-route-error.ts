import type { PicoUsd } from '../money/money.js';
import type { RejectedCandidate } from '../routing/route-decision.js';
import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseNoRouteError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * No model satisfies the request (capability, context window, budget). When the budget was the only obstacle,
 * `cheapest` names the cheapest capable model and its estimated cost.
 */
export class NoRouteError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly cheapest: { modelId: string; estimatedCost: PicoUsd } | undefined;
  readonly budget: PicoUsd | undefined;
  readonly rejected: readonly RejectedCandidate[];

  constructor(options: {
    message: string;
    cheapest?: { modelId: string; estimatedCost: PicoUsd };
    budget?: PicoUsd;
    rejected?: readonly RejectedCandidate[];
  }) {
    super({ name, message: options.message });
    this.cheapest = options.cheapest;
    this.budget = options.budget;
    this.rejected = options.rejected ?? [];
  }

  /** True for a `NoRouteError` from any copy of this package. */
  static override isInstance(error: unknown): error is NoRouteError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
