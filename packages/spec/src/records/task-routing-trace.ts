import type { Tier } from '../model/tier.js';
import type { PicoUsd } from '../money/index.js';

/**
 * Why a task step moved to another model, as the original TokenWise names it (its `EscalationReasonCode`).
 * TokenWise's finer reasons (`rate_limited`, `truncated`, …) are kept beside it in {@link TaskEscalation.reason}.
 */
export type EscalationReasonCode =
  | 'complexity_threshold'
  | 'capability_mismatch'
  | 'model_error'
  | 'budget_exhausted'
  | 'no_go'
  | 'manual_override';

/** How a task run ended (the original's `TerminationState`). */
export type TaskTerminationState = 'completed' | 'exhausted' | 'aborted' | 'failed' | 'no_go';

/** One escalation of a task step (the original's `EscalationRecord`, plus TokenWise's own reason and detail). */
export interface TaskEscalation {
  fromModel: string;
  fromTier: Tier;
  toModel: string;
  toTier: Tier;
  reasonCode: EscalationReasonCode;
  /** The 1-based step id, or null when the escalation belongs to no step. */
  stepId: number | null;
  /** Never set by either implementation; kept so files round-trip. */
  triggerScore: number | null;
  /** Never set by either implementation; kept so files round-trip. */
  thresholdValue: number | null;
  /** TokenWise's own reason (`rate_limited`, `empty_answer`, `truncated`, `validation_failed`, …), when known. */
  reason?: string;
  /** The failure that caused it, one line, secrets redacted. */
  detail?: string;
}

/**
 * The routing trace of a task run, field for field the original's `RoutingTrace` (written in its snake_case form
 * by the ledger), with money exact.
 */
export interface TaskRoutingTrace {
  /** 12 hex characters. */
  requestId: string;
  initialModel: string;
  /** The first step's model's tier (`budget` when the model is unknown, as in the original). */
  initialTier: Tier;
  escalationPolicy: 'flexible' | 'monotonic';
  escalations: TaskEscalation[];
  finalModel: string;
  finalTier: Tier;
  terminationState: TaskTerminationState;
  budgetUsed: PicoUsd;
  budgetRemaining: PicoUsd;
  /** `TOKENWISE_TRACE_LEVEL`: stored only, as in the original. */
  traceLevel: 'basic' | 'verbose';
}
