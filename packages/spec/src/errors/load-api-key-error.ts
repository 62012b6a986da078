import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseLoadApiKeyError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** An API key is needed and missing. The message names the environment variable to set. */
export class LoadApiKeyError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly provider: string;
  readonly environmentVariableName: string;

  constructor(options: { provider: string; environmentVariableName: string; message?: string }) {
    super({
      name,
      message:
        options.message ??
        `Missing API key for ${options.provider}: set ${options.environmentVariableName} or pass apiKey.`,
    });
    this.provider = options.provider;
    this.environmentVariableName = options.environmentVariableName;
  }

  /** True for a `LoadApiKeyError` from any copy of this package. */
  static override isInstance(error: unknown): error is LoadApiKeyError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
