import type { CallRecord } from '@tokenwise/ledger';
import type { ProxyLedgerRecord } from './proxy-ledger-record.js';

/** The error class recorded for a client that disconnected mid-stream. */
export const CLIENT_DISCONNECTED = 'ClientDisconnected';

/** Converts the proxy's record to the ledger's `CallRecord` (`source: 'proxy'`). */
export function toCallRecord(record: ProxyLedgerRecord): CallRecord {
  const call: CallRecord = {
    kind: record.kind,
    timestamp: record.timestamp,
    source: 'proxy',
    requestId: record.requestId,
    reason: record.kind === 'attempt' ? `proxy request attempt ${record.attempt ?? 1}` : 'proxy request',
    modelId: record.modelId ?? 'none',
    inputTokens: record.inputTokens,
    outputTokens: record.outputTokens,
    cost: record.cost,
    success: record.outcome === 'ok',
    latencyMs: record.durationMs,
  };
  if (record.providerId !== undefined) call.providerId = record.providerId;
  if (record.cachedInputTokens !== undefined) call.cachedInputTokens = record.cachedInputTokens;
  if (record.reasoningTokens !== undefined) call.reasoningTokens = record.reasoningTokens;
  if (record.estimated) call.usageEstimated = true;
  if (record.budget !== undefined) call.budget = record.budget;
  if (record.attempt !== undefined) call.attempt = record.attempt;
  if (record.modelsTried !== undefined) call.modelsTried = record.modelsTried;
  if (record.outcome === 'aborted') {
    call.errorClass = CLIENT_DISCONNECTED;
    // a dropped upload says so itself; a stream cut by the client gets the billing note:
    call.errorMessage =
      record.errorMessage ??
      'The client closed the connection mid-stream; billed from the tokens counted so far.';
  } else if (record.outcome !== 'ok') {
    if (record.errorClass !== undefined) call.errorClass = record.errorClass;
    if (record.errorMessage !== undefined) call.errorMessage = record.errorMessage;
  }
  return call;
}
