import type { FinishReason, PicoUsd, Tier } from '@tokenwise/spec';
import type { PlanStep } from './plan.js';

/**
 * One LLM attempt as the ledger stores it. Structurally the ledger's `LedgerEntry`, so an app can pass the
 * executor's `onAttempt` records straight to `ledger.add`.
 */
export interface AttemptEntry {
  /** `planner`, `step 2 attempt 1`, `step 2 escalation attempt 1`… */
  reason: string;
  modelId: string;
  providerId?: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
  /** What the attempt cost (0 when nothing was billed). */
  cost: PicoUsd;
  /** The worst case that was reserved for it. */
  estimatedCost?: PicoUsd;
  /** True when the cost was not computed from reported usage. */
  usageEstimated?: boolean;
  success: boolean;
  errorClass?: string;
  errorMessage?: string;
  latencyMs?: number;
  /** ISO 8601 start time. */
  timestamp?: string;
}

/** Why a step moved to another model. */
export type EscalationReason =
  | 'model_error'
  | 'rate_limited'
  | 'budget_exhausted'
  | 'empty_answer'
  | 'truncated'
  | 'validation_failed';

/** One escalation of a step to a stronger model. */
export interface EscalationRecord {
  stepId: number;
  fromModel: string;
  fromTier: Tier;
  toModel: string;
  toTier: Tier;
  reason: EscalationReason;
  /** The failure that caused it, one line. */
  detail: string;
}

/** How a run ended. */
export type TerminationState = 'completed' | 'exhausted' | 'failed' | 'aborted';

/** The routing trace of a run: where it started, where it ended and why it moved. */
export interface RoutingTrace {
  requestId: string;
  initialModel: string;
  initialTier: Tier | undefined;
  finalModel: string;
  finalTier: Tier | undefined;
  escalations: EscalationRecord[];
  terminationState: TerminationState;
  budgetUsed: PicoUsd;
  budgetRemaining: PicoUsd;
}

/** The outcome of one step (every attempt on it included). */
export interface StepResult {
  stepId: number;
  /** The model that gave the final answer (or the last one tried). */
  modelId: string;
  output: string;
  /** Tokens of the final attempt. */
  inputTokens: number;
  outputTokens: number;
  /** Everything the step cost, failed attempts included. */
  cost: PicoUsd;
  /** Of `cost`, what failed attempts cost. */
  wastedCost: PicoUsd;
  success: boolean;
  escalated: boolean;
  /** Attempts made on this step (retries, escalations and refused attempts included). */
  attempts: number;
  finishReason?: FinishReason['unified'];
  error?: string;
  /** HTTP status of the last upstream error, when there was one. */
  statusCode?: number;
  /** Why the step failed, when it did. */
  failure?: StepFailure;
}

/** Why a step failed: the last attempt's reason, `aborted` by the caller, or `no_model` (not in the catalog). */
export type StepFailure = EscalationReason | 'aborted' | 'no_model';

/** A step that never ran, with the reason. */
export interface SkippedStep {
  step: PlanStep;
  reason: string;
}

/** What `execute` returns. */
export interface PlanResult {
  task: string;
  /** The whole budget (planning included). */
  budget: PicoUsd;
  success: boolean;
  /** Results of the steps that ran, in step id order. */
  stepResults: StepResult[];
  skippedSteps: SkippedStep[];
  /** Planner cost plus every execution attempt. */
  totalCost: PicoUsd;
  plannerCost: PicoUsd;
  /** What failed attempts cost (also part of `totalCost`). */
  wastedCost: PicoUsd;
  /** `budget − totalCost`, never below zero. */
  budgetRemaining: PicoUsd;
  /** The output of the highest-id successful step with a non-empty answer. */
  finalOutput: string;
  /** Every execution attempt, in the order they ended. */
  ledger: { entries: AttemptEntry[]; totalCost: PicoUsd; wastedCost: PicoUsd };
  trace: RoutingTrace;
}

/**
 * The ledger's task record, structurally (see `@tokenwise/ledger`'s `TaskRecord`): what a store appends for a
 * planned task.
 */
export interface TaskRecordShape {
  kind: 'task';
  timestamp: string;
  source?: string;
  taskId?: string;
  task: string;
  budget?: PicoUsd;
  success: boolean;
  totalCost: PicoUsd;
  plannerCost: PicoUsd;
  wastedCost: PicoUsd;
  entries: AttemptEntry[];
  routingTrace?: unknown;
}
