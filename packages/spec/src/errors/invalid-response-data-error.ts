import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseInvalidResponseDataError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** The upstream answered, but not in the documented shape (malformed JSON, missing fields, empty body, cut stream). */
export class InvalidResponseDataError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly provider: string | undefined;
  /** The offending data (truncated by the caller when large). */
  readonly data: unknown;
  /**
   * What went wrong when it is known: `too-large` (the body passed what its max_tokens allows and was not read
   * further) or `cut` (the connection ended mid-body). Both answers were sent, so the vendor may bill them.
   */
  readonly reason: 'too-large' | 'cut' | undefined;

  constructor(options: {
    message: string;
    provider?: string;
    data?: unknown;
    reason?: 'too-large' | 'cut';
    cause?: unknown;
  }) {
    super({ name, message: options.message, cause: options.cause });
    this.provider = options.provider;
    this.data = options.data;
    this.reason = options.reason;
  }

  /** True for an `InvalidResponseDataError` from any copy of this package. */
  static override isInstance(error: unknown): error is InvalidResponseDataError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
