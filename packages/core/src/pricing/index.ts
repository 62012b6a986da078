export { maxAffordableOutputTokens } from './max-affordable-output-tokens.js';
export { costOf, costOfUsage, type TokenCounts } from './model-cost.js';
