export {
  type AttemptHold,
  type HoldSettlement,
  holdAttempt,
  remainingWithLevel,
  type SharedBudget,
} from './attempt-budget.js';
export type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
export { createCallEngine } from './call-engine.js';
export {
  type Candidate,
  type CandidateRouter,
  type CandidateSource,
  type CandidateState,
  candidateList,
  candidatesThen,
  type EscalationCandidatesOptions,
  escalationCandidates,
  type RoutedCandidatesOptions,
  routedCandidates,
  tierFloor,
} from './candidate-source.js';
export { countCallInputTokens, countToolTokens } from './count-call-input-tokens.js';
export { describeError } from './describe-error.js';
export type {
  CallEngine,
  CallEngineOptions,
  EngineCall,
  EngineGenerateResult,
  EngineStreamResult,
  InputTokenCounter,
  LeaseExpiredEvent,
  ResolvedCandidate,
  StreamOutcome,
} from './engine-types.js';
export { type FailureBlame, type FailureVerdict, judgeFailure, shouldFailover } from './failover-rule.js';
export {
  fitThinkingBudget,
  MIN_THINKING_BUDGET_TOKENS,
  type ThinkingFit,
  thinkingForAttempt,
} from './fit-thinking-budget.js';
export { type GenerateWithBudgetOptions, generateWithBudget } from './generate-with-budget.js';
export {
  type BudgetedGenerateResult,
  type GenerateWithFailoverOptions,
  generateWithFailover,
} from './generate-with-failover.js';
export { getText } from './get-text.js';
export { isRetryableError } from './is-retryable-error.js';
export { createModelHealth, type ModelHealth, type ModelHealthOptions } from './model-health.js';
export {
  type CallPlan,
  type PlanCallOptions,
  type PromptTokenCounter,
  planCall,
} from './plan-call.js';
export { noRetry, type RetryPolicy, type RetryPolicyOptions, retryPolicy } from './retry-policy.js';
export { sleep } from './sleep.js';
export { type StreamWithBudgetOptions, streamWithBudget } from './stream-with-budget.js';
export {
  type BudgetedStreamResult,
  type StreamWithFailoverOptions,
  streamWithFailover,
} from './stream-with-failover.js';
