import type { CallRecord, LedgerEntry, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { type PicoUsd, toDecimalString, toUsdNumber } from '@tokenwise/spec';
import { PythonFloat, type PythonJsonValue, pythonJson } from './python/python-json.js';
import { pythonTimestamp } from './python/python-timestamp.js';
import { routingTraceJson } from './python/routing-trace-json.js';
import { redactErrorMessage } from './redact-error-message.js';

type Json = Record<string, unknown>;

/**
 * One ledger line (without the newline). A task record is written exactly as the original Python TokenWise writes
 * it (its keys in its order, money as floats, its timestamp form, its routing trace dump, `json.dumps` separators
 * and escaping), followed by TokenWise's extra facts, which the original's reader ignores: `kind`, `source`,
 * `task_id` and exact decimal amounts (`*_usd`, which win on read). Attempt and request records keep the compact
 * form of `JSON.stringify`; the JSONL store writes them to a file of their own. Error messages are redacted here,
 * whatever the caller did.
 */
export function serializeLedgerRecord(record: LedgerRecord): string {
  return record.kind === 'task' ? pythonJson(taskJson(record)) : JSON.stringify(callJson(record));
}

function taskJson(record: TaskRecord): PythonJsonValue {
  const float = (amount: PicoUsd) => new PythonFloat(toUsdNumber(amount));
  return {
    timestamp: pythonTimestamp(record.timestamp),
    task: record.task,
    budget: record.budget === undefined ? undefined : float(record.budget),
    success: record.success,
    total_cost: float(record.totalCost),
    planner_cost: float(record.plannerCost),
    wasted_cost: float(record.wastedCost),
    entries: record.entries.map((entry) => entryJson(entry) as PythonJsonValue),
    routing_trace: record.routingTrace === undefined ? undefined : routingTraceJson(record.routingTrace),
    kind: 'task',
    source: record.source,
    task_id: record.taskId,
    budget_usd: record.budget === undefined ? undefined : toDecimalString(record.budget),
    total_cost_usd: toDecimalString(record.totalCost),
    planner_cost_usd: toDecimalString(record.plannerCost),
    wasted_cost_usd: toDecimalString(record.wastedCost),
  };
}

function entryJson(entry: LedgerEntry): Json {
  // The original's six keys first, in its order.
  const json: Json = {
    reason: entry.reason,
    model_id: entry.modelId,
    input_tokens: entry.inputTokens,
    output_tokens: entry.outputTokens,
    cost: new PythonFloat(toUsdNumber(entry.cost)),
    success: entry.success,
  };
  addCallFields(json, entry);
  return json;
}

function callJson(record: CallRecord): Json {
  const json: Json = { timestamp: record.timestamp, kind: record.kind, source: record.source };
  if (record.requestId !== undefined) json.request_id = record.requestId;
  json.reason = record.reason;
  json.model_id = record.modelId;
  json.input_tokens = record.inputTokens;
  json.output_tokens = record.outputTokens;
  json.cost = toUsdNumber(record.cost);
  json.success = record.success;
  addCallFields(json, record);
  if (record.budget !== undefined) {
    json.budget = toUsdNumber(record.budget);
    json.budget_usd = toDecimalString(record.budget);
  }
  if (record.attempt !== undefined) json.attempt = record.attempt;
  if (record.modelsTried !== undefined) json.models_tried = record.modelsTried;
  if (record.outcome !== undefined) json.outcome = record.outcome;
  if (record.door !== undefined) json.door = record.door;
  if (record.keyId !== undefined) json.key_id = record.keyId;
  if (record.teamId !== undefined) json.team_id = record.teamId;
  if (record.strategy !== undefined) json.strategy = record.strategy;
  if (record.modelAsked !== undefined) json.model_asked = record.modelAsked;
  if (record.status !== undefined) json.status = record.status;
  if (record.errorCode !== undefined) json.error_code = record.errorCode;
  if (record.attemptKind !== undefined) json.attempt_kind = record.attemptKind;
  if (record.called !== undefined) json.called = record.called;
  if (record.costSource !== undefined) json.cost_source = record.costSource;
  if (record.finishReason !== undefined) json.finish_reason = record.finishReason;
  addMoney(json, 'reserved', record.reserved);
  addMoney(json, 'overrun', record.overrun);
  if (record.leaseExpired !== undefined) json.lease_expired = record.leaseExpired;
  return json;
}

function addCallFields(json: Json, entry: LedgerEntry): void {
  json.cost_usd = toDecimalString(entry.cost);
  if (entry.providerId !== undefined) json.provider = entry.providerId;
  if (entry.cachedInputTokens !== undefined) json.cached_tokens = entry.cachedInputTokens;
  if (entry.reasoningTokens !== undefined) json.reasoning_tokens = entry.reasoningTokens;
  addMoney(json, 'estimated_cost', entry.estimatedCost);
  if (entry.usageEstimated !== undefined) json.usage_estimated = entry.usageEstimated;
  if (entry.errorClass !== undefined) json.error_class = entry.errorClass;
  if (entry.errorMessage !== undefined) json.error_message = redactErrorMessage(entry.errorMessage);
  if (entry.latencyMs !== undefined) json.latency_ms = entry.latencyMs;
  if (entry.timestamp !== undefined && json.timestamp === undefined) json.timestamp = entry.timestamp;
}

function addMoney(json: Json, key: string, amount: PicoUsd | undefined): void {
  if (amount === undefined) return;
  json[key] = toUsdNumber(amount);
  json[`${key}_usd`] = toDecimalString(amount);
}
