export { balancedStrategy } from './balanced-strategy.js';
export { bestQualityStrategy } from './best-quality-strategy.js';
export { cheapestStrategy } from './cheapest-strategy.js';
export {
  createRouter,
  type ModelSource,
  type RouteOptions,
  type Router,
  type RouterOptions,
} from './create-router.js';
export { type ExplainDecisionOptions, explainDecision } from './explain-decision.js';
export type { ModelTable } from './model-table.js';
export {
  type CandidateOptions,
  type FallbackCandidatesOptions,
  fallbackCandidates,
  type NextCandidatesOptions,
  nextCandidates,
} from './next-candidates.js';
export { parseBudget } from './parse-budget.js';
export { ROUTE_STRATEGIES, resolveStrategy } from './resolve-strategy.js';
export type { RouteStrategy, StrategyContext } from './route-strategy.js';
