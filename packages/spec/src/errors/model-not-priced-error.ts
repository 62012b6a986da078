import { TokenwiseError } from './tokenwise-error.js';

const name = 'TokenwiseModelNotPricedError';
const marker = `tokenwise.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A model the catalog does not list (or lists without a price), asked for while a budget applies: its cost cannot
 * be bounded, so it is refused before any call. The message says how to give it a price.
 */
export class ModelNotPricedError extends TokenwiseError {
  private readonly [symbol] = true;
  readonly modelId: string;

  constructor(options: { modelId: string; message?: string; cause?: unknown }) {
    const id = options.modelId;
    super({
      name,
      message:
        options.message ??
        `The model "${id}" has no known price (it is not in the catalog, or the catalog lists it without one), so its cost cannot be held to the budget that applies. Give it a price in the config file under model_overrides ("${id}": {input_price: 0.4, output_price: 1.6}, USD per million tokens), or pick a model the catalog lists (tokenwise models).`,
      cause: options.cause,
    });
    this.modelId = id;
  }

  /** True for a `ModelNotPricedError` from any copy of this package. */
  static override isInstance(error: unknown): error is ModelNotPricedError {
    return TokenwiseError.hasMarker(error, marker);
  }
}
