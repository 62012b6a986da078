import type { CallRecord, LedgerEntry, LedgerRecord, TaskRecord } from '@tokenwise/spec';
import { type PicoUsd, toDecimalString, toUsdNumber } from '@tokenwise/spec';
import { redactErrorMessage } from './redact-error-message.js';

type Json = Record<string, unknown>;

/**
 * One ledger line (without the newline). Task records keep the original's snake_case keys in its order, so the
 * Python TokenWise reads them back; every amount is written twice: a USD number for compatibility and an exact
 * decimal string (`*_usd`) that wins on read. Error messages are redacted here, whatever the caller did.
 */
export function serializeLedgerRecord(record: LedgerRecord): string {
  return JSON.stringify(record.kind === 'task' ? taskJson(record) : callJson(record));
}

function taskJson(record: TaskRecord): Json {
  const json: Json = { timestamp: record.timestamp, task: record.task };
  if (record.budget !== undefined) json.budget = toUsdNumber(record.budget);
  json.success = record.success;
  json.total_cost = toUsdNumber(record.totalCost);
  json.planner_cost = toUsdNumber(record.plannerCost);
  json.wasted_cost = toUsdNumber(record.wastedCost);
  json.entries = record.entries.map(entryJson);
  if (record.routingTrace !== undefined) {
    // Traces are opaque JSON; exact amounts inside them (bigint) become decimal strings rather than fail.
    json.routing_trace = JSON.parse(
      JSON.stringify(record.routingTrace, (_key, value) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
    );
  }
  json.kind = 'task';
  if (record.source !== undefined) json.source = record.source;
  if (record.taskId !== undefined) json.task_id = record.taskId;
  if (record.budget !== undefined) json.budget_usd = toDecimalString(record.budget);
  json.total_cost_usd = toDecimalString(record.totalCost);
  json.planner_cost_usd = toDecimalString(record.plannerCost);
  json.wasted_cost_usd = toDecimalString(record.wastedCost);
  return json;
}

function entryJson(entry: LedgerEntry): Json {
  // The original's six keys first, in its order.
  const json: Json = {
    reason: entry.reason,
    model_id: entry.modelId,
    input_tokens: entry.inputTokens,
    output_tokens: entry.outputTokens,
    cost: toUsdNumber(entry.cost),
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
