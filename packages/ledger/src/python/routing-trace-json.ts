import type { TaskEscalation, TaskRoutingTrace, Tier } from '@tokenwise/spec';
import { toDecimalString, toEscalationReasonCode, toUsdNumber } from '@tokenwise/spec';
import { parseUsd } from '../parse-usd.js';
import { redactErrorMessage } from '../redact-error-message.js';
import { PythonFloat, type PythonJsonValue } from './python-json.js';

/**
 * The original's `RoutingTrace` dump (snake_case keys in its order, enum values as strings, money as floats),
 * then TokenWise's extra facts, which its reader ignores: exact amounts (`budget_used_usd`,
 * `budget_remaining_usd`) and each escalation's own `reason` and redacted `detail`.
 */
export function routingTraceJson(trace: TaskRoutingTrace): PythonJsonValue {
  return {
    request_id: trace.requestId,
    initial_model: trace.initialModel,
    initial_tier: trace.initialTier,
    escalation_policy: trace.escalationPolicy,
    escalations: trace.escalations.map(escalationJson),
    final_model: trace.finalModel,
    final_tier: trace.finalTier,
    termination_state: trace.terminationState,
    budget_used: new PythonFloat(toUsdNumber(trace.budgetUsed)),
    budget_remaining: new PythonFloat(toUsdNumber(trace.budgetRemaining)),
    trace_level: trace.traceLevel,
    budget_used_usd: toDecimalString(trace.budgetUsed),
    budget_remaining_usd: toDecimalString(trace.budgetRemaining),
  };
}

function escalationJson(escalation: TaskEscalation): PythonJsonValue {
  const float = (x: number | null) => (x === null ? null : new PythonFloat(x));
  return {
    from_model: escalation.fromModel,
    from_tier: escalation.fromTier,
    to_model: escalation.toModel,
    to_tier: escalation.toTier,
    reason_code: escalation.reasonCode,
    step_id: escalation.stepId,
    trigger_score: float(escalation.triggerScore),
    threshold_value: float(escalation.thresholdValue),
    reason: escalation.reason,
    detail: escalation.detail === undefined ? undefined : redactErrorMessage(escalation.detail),
  };
}

type Json = Record<string, unknown>;

/**
 * A routing trace read from a ledger line: the original's snake_case dump (Python-written or ours), or the
 * camelCase form TokenWise wrote before (`requestId`, `budgetUsed` as a decimal string). Missing fields take the
 * original's defaults; a value that is not an object gives `undefined`.
 */
export function decodeRoutingTrace(json: unknown): TaskRoutingTrace | undefined {
  if (!isObject(json)) return undefined;
  const pick = (snake: string, camel: string): unknown => (snake in json ? json[snake] : json[camel]);
  const escalations = pick('escalations', 'escalations');
  return {
    requestId: text(pick('request_id', 'requestId')),
    initialModel: text(pick('initial_model', 'initialModel')),
    initialTier: tier(pick('initial_tier', 'initialTier')),
    escalationPolicy:
      pick('escalation_policy', 'escalationPolicy') === 'monotonic' ? 'monotonic' : 'flexible',
    escalations: Array.isArray(escalations) ? escalations.filter(isObject).map(decodeEscalation) : [],
    finalModel: text(pick('final_model', 'finalModel')),
    finalTier: tier(pick('final_tier', 'finalTier')),
    terminationState: termination(pick('termination_state', 'terminationState')),
    budgetUsed: amount(json.budget_used_usd, pick('budget_used', 'budgetUsed')),
    budgetRemaining: amount(json.budget_remaining_usd, pick('budget_remaining', 'budgetRemaining')),
    traceLevel: pick('trace_level', 'traceLevel') === 'verbose' ? 'verbose' : 'basic',
  };
}

function decodeEscalation(json: Json): TaskEscalation {
  const pick = (snake: string, camel: string): unknown => (snake in json ? json[snake] : json[camel]);
  const stepId = pick('step_id', 'stepId');
  // Our older camelCase traces carry only our own `reason`; the original's code is derived from it.
  const reason = typeof json.reason === 'string' ? json.reason : undefined;
  const code = json.reason_code;
  const escalation: TaskEscalation = {
    fromModel: text(pick('from_model', 'fromModel')),
    fromTier: tier(pick('from_tier', 'fromTier')),
    toModel: text(pick('to_model', 'toModel')),
    toTier: tier(pick('to_tier', 'toTier')),
    reasonCode: toEscalationReasonCode(typeof code === 'string' ? code : (reason ?? 'model_error')),
    stepId: typeof stepId === 'number' && Number.isInteger(stepId) ? stepId : null,
    triggerScore: finiteOrNull(json.trigger_score),
    thresholdValue: finiteOrNull(json.threshold_value),
  };
  if (reason !== undefined) escalation.reason = reason;
  if (typeof json.detail === 'string') escalation.detail = json.detail;
  return escalation;
}

const TERMINATIONS = new Set(['completed', 'exhausted', 'aborted', 'failed', 'no_go']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function tier(value: unknown): Tier {
  return value === 'flagship' || value === 'mid' ? value : 'budget';
}

function termination(value: unknown): TaskRoutingTrace['terminationState'] {
  return typeof value === 'string' && TERMINATIONS.has(value)
    ? (value as TaskRoutingTrace['terminationState'])
    : 'completed';
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The exact `*_usd` string when valid, else the float or (older files) decimal string, else 0. */
function amount(exact: unknown, value: unknown): bigint {
  for (const candidate of [exact, value]) {
    if ((typeof candidate === 'string' && candidate !== '') || typeof candidate === 'number') {
      try {
        return parseUsd(candidate);
      } catch {
        // An unreadable amount falls through to the next source, then to 0.
      }
    }
  }
  return 0n;
}
