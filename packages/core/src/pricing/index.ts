export { DEFAULT_MIN_OUTPUT_TOKENS, FALLBACK_MAX_OUTPUT_TOKENS } from './default-limits.js';
export { maxAffordableOutputTokens } from './max-affordable-output-tokens.js';
export { costOf, costOfUsage, type TokenCounts } from './model-cost.js';
