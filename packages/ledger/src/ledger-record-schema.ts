import type { PicoUsd } from '@tokenwise/spec';
import * as v from 'valibot';
import type { CallRecord, LedgerEntry, LedgerRecord, TaskRecord } from './ledger-record.js';
import { parseUsd } from './parse-usd.js';

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
    routingTrace: raw.routing_trace ?? undefined,
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

type Check = (value: unknown) => boolean;
const isCount: Check = (x) => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 0);
const isAmount: Check = (x) => x == null || (typeof x === 'number' && Number.isFinite(x));
const isExact: Check = (x) => x === undefined || (typeof x === 'string' && /^\d+(?:\.\d{0,12})?$/.test(x));
const isText: Check = (x) => x == null || typeof x === 'string';
const isFlag: Check = (x) => x === undefined || typeof x === 'boolean';
const isLatency: Check = (x) => x === undefined || (typeof x === 'number' && Number.isFinite(x) && x >= 0);
const isNames: Check = (x) =>
  x === undefined || (Array.isArray(x) && x.every((name) => typeof name === 'string'));

const CALL_CHECKS: readonly [string, Check][] = [
  ['reason', isText],
  ['model_id', isText],
  ['provider', isText],
  ['input_tokens', isCount],
  ['output_tokens', isCount],
  ['cached_tokens', isCount],
  ['reasoning_tokens', isCount],
  ['cost', isAmount],
  ['cost_usd', isExact],
  ['estimated_cost', isAmount],
  ['estimated_cost_usd', isExact],
  ['usage_estimated', isFlag],
  ['error_class', isText],
  ['error_message', isText],
  ['latency_ms', isLatency],
  ['timestamp', isText],
];
const CALL_RECORD_CHECKS: readonly [string, Check][] = [
  ...CALL_CHECKS,
  ['source', isText],
  ['request_id', isText],
  ['budget', isAmount],
  ['budget_usd', isExact],
  ['attempt', isCount],
  ['models_tried', isNames],
];
const TASK_CHECKS: readonly [string, Check][] = [
  ['timestamp', isText],
  ['source', isText],
  ['task_id', isText],
  ['task', isText],
  ['budget', isAmount],
  ['budget_usd', isExact],
  ['total_cost', isAmount],
  ['total_cost_usd', isExact],
  ['planner_cost', isAmount],
  ['planner_cost_usd', isExact],
  ['wasted_cost', isAmount],
  ['wasted_cost_usd', isExact],
];

function passes(json: Record<string, unknown>, checks: readonly [string, Check][]): boolean {
  for (const [key, check] of checks) if (!check(json[key])) return false;
  return true;
}

/** True when the record certainly matches {@link ledgerRecordSchema}; false means "ask the schema". */
function quickCheck(json: Record<string, unknown>): boolean {
  const kind = json.kind;
  if (kind === 'attempt' || kind === 'request') return passes(json, CALL_RECORD_CHECKS);
  if (kind !== undefined && kind !== 'task') return false;
  if (!passes(json, TASK_CHECKS)) return false;
  const entries = json.entries;
  if (entries == null) return true;
  if (!Array.isArray(entries)) return false;
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
    if (!passes(entry as Record<string, unknown>, CALL_CHECKS)) return false;
  }
  return true;
}
