import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseNoSuchModelError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/** A model id that is not in the catalog (or that a provider does not serve). */
export class NoSuchModelError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly modelId: string;

  constructor(options: { modelId: string; message?: string; cause?: unknown }) {
    super({
      name,
      message:
        options.message ??
        `Unknown model "${options.modelId}". Run \`tokenwise models --search <text>\` to list model ids.`,
      cause: options.cause,
    });
    this.modelId = options.modelId;
  }

  /** True for a `NoSuchModelError` from any copy of this package. */
  static override isInstance(error: unknown): error is NoSuchModelError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
