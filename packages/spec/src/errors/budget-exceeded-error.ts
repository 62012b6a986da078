import type { PicoUsd } from '../money/money.js';
import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseBudgetExceededError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** A call could not be made without risking more than the remaining budget. Nothing was sent upstream. */
export class BudgetExceededError extends TokenwiseError {
  private readonly [symbol] = true;
  /** The ceiling, when one budget is to blame. */
  readonly budget: PicoUsd | undefined;
  /** What is left of it. */
  readonly remaining: PicoUsd;
  /** What the call needed at least. */
  readonly required: PicoUsd;
  /**
   * The level that refused, when known: a budget's label (`request`, `plan`, `process`) or a shared store scope
   * (`key:k1`, `team:t1`). Lets each entry point say which limit to raise, in its own words.
   */
  readonly level: string | undefined;
  /** The largest max_tokens that would have fitted, when some output fitted but less than the minimum. */
  readonly fittingOutputTokens: number | undefined;

  constructor(options: {
    message: string;
    remaining: PicoUsd;
    required: PicoUsd;
    budget?: PicoUsd;
    level?: string;
    fittingOutputTokens?: number;
    cause?: unknown;
  }) {
    super({ name, message: options.message, cause: options.cause });
    this.budget = options.budget;
    this.level = options.level;
    this.fittingOutputTokens = options.fittingOutputTokens;
    this.remaining = options.remaining;
    this.required = options.required;
  }

  /** True for a `BudgetExceededError` from any copy of this package. */
  static override isInstance(error: unknown): error is BudgetExceededError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
