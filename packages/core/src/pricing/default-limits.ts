/**
 * The least output a budget must be able to pay for before a call is sent (`TOKENWISE_MIN_OUTPUT_TOKENS`): below
 * it a call is refused rather than sent with a uselessly small max_tokens. The one default of the router, the
 * engine, the executor and the proxy.
 */
export const DEFAULT_MIN_OUTPUT_TOKENS = 100;

/**
 * Output reserved for a call whose caller set no max_tokens (`TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS`), capped by the
 * model's own limit. Reserving a model's whole output limit for every such call would let a few concurrent calls
 * hold a budget that they almost never spend.
 */
export const FALLBACK_MAX_OUTPUT_TOKENS = 4_096;
