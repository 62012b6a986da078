import type { TaskRecord } from '@tokenwise/ledger';
import type { PicoUsd } from '@tokenwise/spec';

/** One step of a plan as the CLI shows it. */
export interface CliPlanStep {
  id: number;
  description: string;
  /** Catalog id of the model assigned to the step. */
  modelId: string;
  estimatedCost: PicoUsd;
  /** Ids of the steps whose outputs this step needs. */
  dependsOn: number[];
}

/** A plan as the CLI shows it (`tokenwise plan`). */
export interface CliPlan {
  task: string;
  budget: PicoUsd;
  /** `llm` when the decomposition call succeeded, `fallback` for the single-step plan. */
  source: 'llm' | 'fallback';
  /** Why the decomposition fell back, when it did. */
  error?: string;
  /** Estimated cost of all steps (planner cost not included). */
  estimatedCost: PicoUsd;
  /** What the decomposition call cost (charged to the same budget). */
  plannerCost: PicoUsd;
  /** The estimate plus the planner cost fits the budget. */
  withinBudget: boolean;
  steps: CliPlanStep[];
  /** The planner's own object, handed back to `execute` unchanged. */
  native?: unknown;
}

/** Live progress of an executing plan, one event per step start, finish, retry, escalation or skip. */
export type CliPlanEvent =
  | { type: 'step-start'; stepId: number; modelId: string }
  | {
      type: 'step-finish';
      stepId: number;
      modelId: string;
      success: boolean;
      cost: PicoUsd;
      error?: string;
    }
  | { type: 'step-retry'; stepId: number; modelId: string; attempt: number; delayMs?: number; error: string }
  | { type: 'step-escalate'; stepId: number; fromModelId: string; toModelId: string; reason: string }
  | { type: 'step-skip'; stepId: number; reason: string };

/** One LLM attempt of an execution (the cost breakdown). */
export interface CliAttempt {
  reason: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  cost: PicoUsd;
  success: boolean;
}

/** The outcome of one step. */
export interface CliStepResult {
  id: number;
  /** The model that produced the final answer (or failed last). */
  modelId: string;
  success: boolean;
  cost: PicoUsd;
  escalated: boolean;
  output: string;
  error?: string;
}

/** The routing trace of an execution. */
export interface CliTrace {
  requestId: string;
  initialModel?: { id: string; tier: string };
  finalModel?: { id: string; tier: string };
  /** `completed`, `exhausted`, `failed` or `aborted`. */
  terminationState: string;
  escalationPolicy?: string;
  escalations: { stepId: number; from: string; to: string; reason: string }[];
}

/** The outcome of `tokenwise plan --execute`. */
export interface CliPlanResult {
  success: boolean;
  /** Everything spent: planner and every attempt, failed ones included. */
  totalCost: PicoUsd;
  /** What failed attempts cost. */
  wastedCost: PicoUsd;
  /** The plan budget minus the total cost. */
  budgetRemaining: PicoUsd;
  finalOutput: string;
  steps: CliStepResult[];
  skipped: { id: number; description: string; reason: string }[];
  attempts: CliAttempt[];
  trace: CliTrace;
  /** The ledger record of the run; saved by the CLI. */
  record: TaskRecord;
}

/** Planner and executor as the `plan` command uses them (the app adapts `@tokenwise/planner` to this). */
export interface PlanService {
  plan(task: string, options: { budget: PicoUsd; signal: AbortSignal }): Promise<CliPlan>;
  /**
   * Runs the plan. Resolves (never rejects) when the run was cancelled through `signal`, with termination
   * state `aborted`, so the record can still be saved.
   */
  execute(
    plan: CliPlan,
    options: { concurrency: number; signal: AbortSignal; onEvent: (event: CliPlanEvent) => void },
  ): Promise<CliPlanResult>;
}
