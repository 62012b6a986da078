import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseNoSuchProviderError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** No registered provider can serve a model id. */
export class NoSuchProviderError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly providerId: string;
  readonly availableProviders: readonly string[];

  constructor(options: { providerId: string; availableProviders: readonly string[]; message?: string }) {
    super({
      name,
      message:
        options.message ??
        `No provider "${options.providerId}" is registered (available: ${options.availableProviders.join(', ') || 'none'}).`,
    });
    this.providerId = options.providerId;
    this.availableProviders = options.availableProviders;
  }

  /** True for a `NoSuchProviderError` from any copy of this package. */
  static override isInstance(error: unknown): error is NoSuchProviderError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
