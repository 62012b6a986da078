import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseRejectedAnswer';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A model answered, but the caller's check rejected the answer (empty, cut at max_tokens when complete output
 * was required, or refused by a validator). The answer was billed; the call moves on to the next candidate.
 */
export class AnswerRejectedError extends TokenwiseError {
  private readonly [symbol] = true;
  /** The model whose answer was rejected. */
  readonly modelId: string;

  constructor(options: { message: string; modelId: string }) {
    super({ name, message: options.message });
    this.modelId = options.modelId;
  }

  /** True for an `AnswerRejectedError` from any copy of this package. */
  static override isInstance(error: unknown): error is AnswerRejectedError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
