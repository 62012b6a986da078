export type { AttemptError, AttemptRecord } from './attempt-record.js';
export type { BudgetedCallOptions, CallCandidate } from './budgeted-call-options.js';
export { describeError, redactSecrets } from './describe-error.js';
export { type GenerateWithBudgetOptions, generateWithBudget } from './generate-with-budget.js';
export {
  type BudgetedGenerateResult,
  type GenerateWithFailoverOptions,
  generateWithFailover,
} from './generate-with-failover.js';
export { getText } from './get-text.js';
export { isRetryableError } from './is-retryable-error.js';
export {
  type CallPlan,
  FALLBACK_MAX_OUTPUT_TOKENS,
  type PlanCallOptions,
  type PromptTokenCounter,
  planCall,
} from './plan-call.js';
export { noRetry, type RetryPolicy, type RetryPolicyOptions, retryPolicy } from './retry-policy.js';
export { shouldFailover } from './should-failover.js';
export { sleep } from './sleep.js';
export type { StreamOutcome } from './stream-account.js';
export { type StreamWithBudgetOptions, streamWithBudget } from './stream-with-budget.js';
export {
  type BudgetedStreamResult,
  type StreamWithFailoverOptions,
  streamWithFailover,
} from './stream-with-failover.js';
