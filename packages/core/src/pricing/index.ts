export { costOf, costOfUsage, type TokenCounts } from './model-cost.js';
