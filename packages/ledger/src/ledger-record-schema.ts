import {
  type CallRecord,
  COST_SOURCES,
  type LedgerEntry,
  type LedgerRecord,
  type PicoUsd,
  type TaskRecord,
} from '@tokenwise/spec';
import * as v from 'valibot';
import { parseUsd } from './parse-usd.js';
import { decodeRoutingTrace } from './python/routing-trace-json.js';

const count = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)));
const amount = v.optional(v.nullable(v.pipe(v.number(), v.finite())));
const exact = v.optional(v.pipe(v.string(), v.regex(/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i)));
const text = v.optional(v.nullable(v.string()));
// The original counts any truthy `success` as a success.
const truthy = v.optional(v.unknown());

const callFields = {
  reason: text,
  model_id: text,
  provider: text,
  input_tokens: count,
  output_tokens: count,
  cached_tokens: count,
  reasoning_tokens: count,
  cost: amount,
  cost_usd: exact,
  estimated_cost: amount,
  estimated_cost_usd: exact,
  usage_estimated: v.optional(v.boolean()),
  success: truthy,
  error_class: text,
  error_message: text,
  latency_ms: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  timestamp: text,
};

const entrySchema = v.looseObject(callFields);

/** Task records: the original's shape (no `kind`) or ours (`kind: "task"`). Unknown keys are ignored. */
const taskSchema = v.looseObject({
  kind: v.optional(v.literal('task')),
  timestamp: text,
  source: text,
  task_id: text,
  task: text,
  budget: amount,
  budget_usd: exact,
  success: truthy,
  total_cost: amount,
  total_cost_usd: exact,
  planner_cost: amount,
  planner_cost_usd: exact,
  wasted_cost: amount,
  wasted_cost_usd: exact,
  entries: v.optional(v.nullable(v.array(entrySchema))),
  routing_trace: v.optional(v.unknown()),
});

const callSchema = v.looseObject({
  ...callFields,
  kind: v.picklist(['attempt', 'request']),
  timestamp: text,
  source: text,
  request_id: text,
  budget: amount,
  budget_usd: exact,
  attempt: count,
  models_tried: v.optional(v.array(v.string())),
  outcome: v.optional(v.picklist(['ok', 'error', 'refused', 'cancelled', 'timeout', 'cut'])),
  door: text,
  key_id: text,
  team_id: text,
  strategy: text,
  model_asked: text,
  status: count,
  error_code: text,
  attempt_kind: v.optional(v.picklist(['first', 'retry', 'failover', 'escalation'])),
  called: v.optional(v.boolean()),
  cost_source: v.optional(v.picklist(COST_SOURCES)),
  finish_reason: text,
  reserved: amount,
  reserved_usd: exact,
  overrun: amount,
  overrun_usd: exact,
  lease_expired: v.optional(v.boolean()),
});

/**
 * The valibot schema of one parsed ledger line: records written by this package and by the Python TokenWise
 * (which have no `kind` and are tasks). Missing optional fields take their defaults; unknown fields are ignored.
 */
export const ledgerRecordSchema = v.variant('kind', [callSchema, taskSchema]);

/**
 * Turns one parsed JSON line into a record, or `undefined` when it is not a valid ledger record. Exact decimal
 * fields (`cost_usd`) win over the float ones (`cost`), which are read through their shortest decimal form.
 */
export function decodeLedgerRecord(json: unknown): LedgerRecord | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  // Fast path: a record whose known fields all have the expected types needs no copy by valibot (the schema
  // is loose, so its output equals the input on those fields). Anything unusual gets the full schema.
  let raw = json as v.InferOutput<typeof ledgerRecordSchema>;
  if (!quickCheck(json as Record<string, unknown>)) {
    const result = v.safeParse(ledgerRecordSchema, json);
    if (!result.success) return undefined;
    raw = result.output;
  }
  return raw.kind === 'attempt' || raw.kind === 'request'
    ? toCallRecord(raw as v.InferOutput<typeof callSchema>)
    : toTaskRecord(raw as v.InferOutput<typeof taskSchema>);
}

// Records are built as one literal with every key (absent ones undefined): a fixed object shape keeps the
// summary of millions of lines fast.
function toTaskRecord(raw: v.InferOutput<typeof taskSchema>): TaskRecord {
  return {
    kind: 'task',
    timestamp: raw.timestamp ?? '',
    source: raw.source ?? undefined,
    taskId: raw.task_id ?? undefined,
    task: raw.task ?? '',
    budget: optionalMoney(raw.budget, raw.budget_usd),
    success: Boolean(raw.success),
    totalCost: money(raw.total_cost, raw.total_cost_usd),
    plannerCost: money(raw.planner_cost, raw.planner_cost_usd),
    wastedCost: money(raw.wasted_cost, raw.wasted_cost_usd),
    entries: (raw.entries ?? []).map(toEntry),
    routingTrace: decodeRoutingTrace(raw.routing_trace),
  };
}

function toCallRecord(raw: v.InferOutput<typeof callSchema>): CallRecord {
  return {
    kind: raw.kind,
    timestamp: raw.timestamp ?? '',
    source: raw.source ?? 'library',
    requestId: raw.request_id ?? undefined,
    reason: raw.reason ?? '',
    modelId: raw.model_id ?? '',
    providerId: raw.provider ?? undefined,
    inputTokens: raw.input_tokens ?? 0,
    outputTokens: raw.output_tokens ?? 0,
    cachedInputTokens: raw.cached_tokens,
    reasoningTokens: raw.reasoning_tokens,
    cost: money(raw.cost, raw.cost_usd),
    estimatedCost: optionalMoney(raw.estimated_cost, raw.estimated_cost_usd),
    usageEstimated: raw.usage_estimated,
    success: raw.success === undefined ? true : Boolean(raw.success),
    errorClass: raw.error_class ?? undefined,
    errorMessage: raw.error_message ?? undefined,
    latencyMs: raw.latency_ms,
    budget: optionalMoney(raw.budget, raw.budget_usd),
    attempt: raw.attempt,
    modelsTried: raw.models_tried,
    outcome: raw.outcome,
    door: raw.door ?? undefined,
    keyId: raw.key_id ?? undefined,
    teamId: raw.team_id ?? undefined,
    strategy: raw.strategy ?? undefined,
    modelAsked: raw.model_asked ?? undefined,
    status: raw.status,
    errorCode: raw.error_code ?? undefined,
    attemptKind: raw.attempt_kind,
    called: raw.called,
    costSource: raw.cost_source,
    finishReason: raw.finish_reason ?? undefined,
    reserved: optionalMoney(raw.reserved, raw.reserved_usd),
    overrun: optionalMoney(raw.overrun, raw.overrun_usd),
    leaseExpired: raw.lease_expired,
  };
}

function toEntry(raw: v.InferOutput<typeof entrySchema>): LedgerEntry {
  return {
    reason: raw.reason ?? '',
    modelId: raw.model_id ?? '',
    providerId: raw.provider ?? undefined,
    inputTokens: raw.input_tokens ?? 0,
    outputTokens: raw.output_tokens ?? 0,
    cachedInputTokens: raw.cached_tokens,
    reasoningTokens: raw.reasoning_tokens,
    cost: money(raw.cost, raw.cost_usd),
    estimatedCost: optionalMoney(raw.estimated_cost, raw.estimated_cost_usd),
    usageEstimated: raw.usage_estimated,
    // The original's LedgerEntry defaults `success` to True.
    success: raw.success === undefined ? true : Boolean(raw.success),
    errorClass: raw.error_class ?? undefined,
    errorMessage: raw.error_message ?? undefined,
    latencyMs: raw.latency_ms,
    timestamp: raw.timestamp ?? undefined,
  };
}

function optionalMoney(float: number | null | undefined, decimal: string | undefined): PicoUsd | undefined {
  return float == null && decimal === undefined ? undefined : money(float, decimal);
}

function money(float: number | null | undefined, decimal: string | undefined): PicoUsd {
  if (decimal !== undefined) return parseUsd(decimal);
  return float == null ? 0n : parseUsd(float);
}

// Hand-unrolled checks: this runs once per line of a possibly huge file, so it avoids generic dispatch.
const EXACT = /^\d+(?:\.\d{0,12})?$/;
const isCount = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 0);
const isAmount = (x: unknown) => x == null || (typeof x === 'number' && Number.isFinite(x));
const isExact = (x: unknown) => x === undefined || (typeof x === 'string' && EXACT.test(x));
const isText = (x: unknown) => x == null || typeof x === 'string';
const OUTCOMES: ReadonlySet<unknown> = new Set(['ok', 'error', 'refused', 'cancelled', 'timeout', 'cut']);
const ATTEMPT_KINDS: ReadonlySet<unknown> = new Set(['first', 'retry', 'failover', 'escalation']);
const COST_SOURCE_SET: ReadonlySet<unknown> = new Set(COST_SOURCES);
const isOneOf = (x: unknown, values: ReadonlySet<unknown>) => x === undefined || values.has(x);

function entryPasses(o: Record<string, unknown>): boolean {
  const latency = o.latency_ms;
  const flag = o.usage_estimated;
  return (
    isText(o.reason) &&
    isText(o.model_id) &&
    isText(o.provider) &&
    isCount(o.input_tokens) &&
    isCount(o.output_tokens) &&
    isCount(o.cached_tokens) &&
    isCount(o.reasoning_tokens) &&
    isAmount(o.cost) &&
    isExact(o.cost_usd) &&
    isAmount(o.estimated_cost) &&
    isExact(o.estimated_cost_usd) &&
    (flag === undefined || typeof flag === 'boolean') &&
    isText(o.error_class) &&
    isText(o.error_message) &&
    (latency === undefined || (typeof latency === 'number' && Number.isFinite(latency) && latency >= 0)) &&
    isText(o.timestamp)
  );
}

function callPasses(o: Record<string, unknown>): boolean {
  const tried = o.models_tried;
  return (
    entryPasses(o) &&
    isText(o.source) &&
    isText(o.request_id) &&
    isAmount(o.budget) &&
    isExact(o.budget_usd) &&
    isCount(o.attempt) &&
    (tried === undefined || (Array.isArray(tried) && tried.every((name) => typeof name === 'string'))) &&
    isOneOf(o.outcome, OUTCOMES) &&
    isText(o.door) &&
    isText(o.key_id) &&
    isText(o.team_id) &&
    isText(o.strategy) &&
    isText(o.model_asked) &&
    isCount(o.status) &&
    isText(o.error_code) &&
    isOneOf(o.attempt_kind, ATTEMPT_KINDS) &&
    (o.called === undefined || typeof o.called === 'boolean') &&
    isOneOf(o.cost_source, COST_SOURCE_SET) &&
    isText(o.finish_reason) &&
    isAmount(o.reserved) &&
    isExact(o.reserved_usd) &&
    isAmount(o.overrun) &&
    isExact(o.overrun_usd) &&
    (o.lease_expired === undefined || typeof o.lease_expired === 'boolean')
  );
}

function taskPasses(o: Record<string, unknown>): boolean {
  return (
    isText(o.timestamp) &&
    isText(o.source) &&
    isText(o.task_id) &&
    isText(o.task) &&
    isAmount(o.budget) &&
    isExact(o.budget_usd) &&
    isAmount(o.total_cost) &&
    isExact(o.total_cost_usd) &&
    isAmount(o.planner_cost) &&
    isExact(o.planner_cost_usd) &&
    isAmount(o.wasted_cost) &&
    isExact(o.wasted_cost_usd)
  );
}

/** True when the record certainly matches {@link ledgerRecordSchema}; false means "ask the schema". */
function quickCheck(json: Record<string, unknown>): boolean {
  const kind = json.kind;
  if (kind === 'attempt' || kind === 'request') return callPasses(json);
  if (kind !== undefined && kind !== 'task') return false;
  if (!taskPasses(json)) return false;
  const entries = json.entries;
  if (entries == null) return true;
  if (!Array.isArray(entries)) return false;
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
    if (!entryPasses(entry as Record<string, unknown>)) return false;
  }
  return true;
}
