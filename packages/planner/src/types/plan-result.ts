import type { FinishReason, LedgerEntry, PicoUsd, Tier } from '@tokenwise/spec';
import type { PlanStep } from './plan.js';

/** One LLM attempt as the ledger stores it: the spec's `LedgerEntry`, so entries go straight to a ledger. */
export type AttemptEntry = LedgerEntry;

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
  /** `TOKENWISE_ESCALATION_POLICY` the run escalated under: `flexible` or `monotonic`. */
  escalationPolicy: 'flexible' | 'monotonic';
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
