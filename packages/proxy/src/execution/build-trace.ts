import { toUsdNumber } from '@tokenwise/spec';
import type { ChatRequest } from './chat-request.js';
import type { ProxyTrace } from './proxy-trace.js';

/** The `tokenwise_trace` of a routed request; `undefined` for explicit models (as the original). */
export function buildTrace(
  request: ChatRequest,
  finalModel: string,
  state: ProxyTrace['termination_state'],
): ProxyTrace | undefined {
  if (!request.selection.routed) return undefined;
  return {
    request_id: request.requestId,
    initial_model: request.modelsTried[0] ?? finalModel,
    final_model: finalModel,
    termination_state: state,
    models_tried: [...request.modelsTried],
    strategy: request.selection.strategy,
    capabilities: request.selection.capability ? [request.selection.capability] : [],
    budget: request.selection.budget === undefined ? null : toUsdNumber(request.selection.budget),
  };
}
