import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseInvalidArgumentError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** Bad input from the caller or the configuration: the message says which value and the expected form. */
export class InvalidArgumentError extends TokenwiseError {
  private readonly [symbol] = true;
  /** The argument, option, setting or environment variable at fault. */
  readonly argument: string;

  constructor(options: { argument: string; message: string; cause?: unknown }) {
    super({ name, message: options.message, cause: options.cause });
    this.argument = options.argument;
  }

  /** True for an `InvalidArgumentError` from any copy of this package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
