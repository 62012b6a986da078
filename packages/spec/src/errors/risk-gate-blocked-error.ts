import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseRiskGateBlockedError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The (opt-in) risk gate refused a request before routing: it looked irreversible or too ambiguous.
 * Nothing was sent upstream.
 */
export class RiskGateBlockedError extends TokenwiseError {
  private readonly [symbol] = true;
  /** Why the gate refused, e.g. `Query is too ambiguous (score=1.00, threshold=0.90)`. */
  readonly reason: string;
  /** The ambiguity score (0 for an irreversible-pattern match). */
  readonly score: number;

  constructor(options: { reason: string; score: number; message?: string }) {
    super({
      name,
      message:
        options.message ??
        `Blocked by the risk gate: ${options.reason}. Rephrase the request or disable the gate (TOKENWISE_RISK_GATE_ENABLED=false).`,
    });
    this.reason = options.reason;
    this.score = options.score;
  }

  /** True for a `RiskGateBlockedError` from any copy of this package. */
  static override isInstance(error: unknown): error is RiskGateBlockedError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
