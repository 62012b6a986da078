import type { EscalationReasonCode } from './task-routing-trace.js';

const ORIGINAL_CODES: ReadonlySet<string> = new Set<EscalationReasonCode>([
  'complexity_threshold',
  'capability_mismatch',
  'model_error',
  'budget_exhausted',
  'no_go',
  'manual_override',
]);

/**
 * The original's reason code for a TokenWise escalation reason: its own codes stay, a capability reason is
 * `capability_mismatch`, and every other failure (`rate_limited`, `empty_answer`, `truncated`,
 * `validation_failed`, …) is a `model_error`, as the original classifies any failure it cannot name.
 */
export function toEscalationReasonCode(reason: string): EscalationReasonCode {
  if (ORIGINAL_CODES.has(reason)) return reason as EscalationReasonCode;
  return reason.includes('capability') ? 'capability_mismatch' : 'model_error';
}
