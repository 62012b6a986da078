import type { AttemptRecord, LedgerEntry } from './ledger-record.js';

/**
 * The ledger entry of an attempt, under the caller's `reason` (e.g. `step 2 escalation attempt 1`): the fields a
 * task record keeps for each of its attempts.
 */
export function toLedgerEntry(record: AttemptRecord, reason: string = record.reason): LedgerEntry {
  const entry: LedgerEntry = {
    reason,
    modelId: record.modelId,
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cost: record.cost,
    success: record.success,
  };
  if (record.providerId !== undefined) entry.providerId = record.providerId;
  if (record.cachedInputTokens !== undefined) entry.cachedInputTokens = record.cachedInputTokens;
  if (record.reasoningTokens !== undefined) entry.reasoningTokens = record.reasoningTokens;
  if (record.estimatedCost !== undefined) entry.estimatedCost = record.estimatedCost;
  if (record.usageEstimated) entry.usageEstimated = true;
  if (record.errorClass !== undefined) entry.errorClass = record.errorClass;
  if (record.errorMessage !== undefined) entry.errorMessage = record.errorMessage;
  if (record.latencyMs !== undefined) entry.latencyMs = record.latencyMs;
  if (record.timestamp !== '') entry.timestamp = record.timestamp;
  return entry;
}
