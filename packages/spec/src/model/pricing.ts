/**
 * Prices of a model in USD per million tokens (per request for `perRequest`), as the catalog states them.
 * Exact costs are computed from these with {@link costOfTokens} in pico-dollars.
 */
export interface Pricing {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Price of input tokens read from the prompt cache; input price when absent. */
  cacheReadPerMillion?: number;
  /** Price of input tokens written to the prompt cache; input price when absent. */
  cacheWritePerMillion?: number;
  /** A fixed fee per request in USD. */
  perRequest?: number;
}
