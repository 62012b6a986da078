import type { AttemptRecord } from '@tokenwise/core';
import type { AttemptEntry } from '../types/plan-result.js';

/**
 * Converts core's attempt record into the ledger-shaped entry the planner and executor report, under the
 * caller's `reason` (e.g. `step 2 escalation attempt 1`). `startedAt` is the attempt's start in epoch ms.
 */
export function toAttemptEntry(record: AttemptRecord, reason: string, startedAt: number): AttemptEntry {
  const entry: AttemptEntry = {
    reason,
    modelId: record.modelId,
    providerId: record.provider,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cost: record.cost,
    estimatedCost: record.estimatedCost,
    success: record.success,
    latencyMs: record.latencyMs,
    timestamp: new Date(startedAt).toISOString(),
  };
  if (record.cachedInputTokens !== undefined) entry.cachedInputTokens = record.cachedInputTokens;
  if (record.reasoningTokens !== undefined) entry.reasoningTokens = record.reasoningTokens;
  if (record.costSource === 'estimate' || record.costSource === 'worst-case') entry.usageEstimated = true;
  if (record.error) {
    entry.errorClass = record.error.name;
    entry.errorMessage = record.error.message;
  }
  return entry;
}
