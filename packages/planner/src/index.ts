export { findDependencyProblem } from './dag/find-dependency-problem.js';
export { type RepairedDag, repairDependencies } from './dag/repair-dependencies.js';
export { type TopologicalOrder, topologicalOrder } from './dag/topological-order.js';
export { buildStepPrompt, type DependencyOutput, truncateToTokens } from './executor/build-step-prompt.js';
export {
  createExecutor,
  type ExecuteOptions,
  type Executor,
  type ExecutorOptions,
} from './executor/create-executor.js';
export { requireJson, type StepValidator } from './executor/step-validator.js';
export { type TaskRecordOptions, toTaskRecord } from './executor/to-task-record.js';
export { type AssignedSteps, assignModels, type UnassignedStep } from './planner/assign-models.js';
export { cheapestCapableModel, type PricedChoice } from './planner/cheapest-capable-model.js';
export {
  createPlanner,
  DEFAULT_PLAN_BUDGET,
  DEFAULT_PLANNER_MODEL,
  type Planner,
  type PlannerOptions,
  type PlanOptions,
} from './planner/create-planner.js';
export { type Decomposition, fallbackSteps } from './planner/decompose-task.js';
export { type DowngradeResult, downgradeSteps } from './planner/downgrade-plan.js';
export { extractJson } from './planner/extract-json.js';
export { type RawStep, type RawStepsResult, validateRawSteps } from './planner/raw-step-schema.js';
export type { ExecutorEvent } from './types/executor-event.js';
export type { Plan, PlanSource, PlanStep } from './types/plan.js';
export type {
  AttemptEntry,
  EscalationReason,
  EscalationRecord,
  PlanResult,
  RoutingTrace,
  SkippedStep,
  StepFailure,
  StepResult,
  TerminationState,
} from './types/plan-result.js';
