import type { AttemptEntry, EscalationRecord, StepResult } from './plan-result.js';

/**
 * Live progress of a run, for the CLI's progress display: a step starts, an attempt will be retried, a step
 * escalates, an attempt ends, a step finishes or is skipped.
 */
export type ExecutorEvent =
  | { type: 'step-start'; stepId: number; modelId: string }
  | { type: 'step-retry'; stepId: number; modelId: string; retry: number; delayMs: number; error: string }
  | { type: 'step-escalation'; escalation: EscalationRecord }
  | { type: 'attempt'; stepId: number; entry: AttemptEntry }
  | { type: 'step-finish'; result: StepResult }
  | { type: 'step-skip'; stepId: number; reason: string };
