import { toUsdNumber } from '@tokenwise/spec';
import type { ProxyTrace } from './proxy-trace.js';
import { modelsTried, type RequestState } from './record-request.js';

/** The `tokenwise_trace` of a routed request; `undefined` for explicit models (as the original). */
export function buildTrace(
  state: RequestState,
  finalModel: string,
  termination: ProxyTrace['termination_state'],
): ProxyTrace | undefined {
  const { selection } = state;
  if (!selection?.routed) return undefined;
  const tried = modelsTried(state);
  return {
    request_id: state.requestId,
    initial_model: tried[0] ?? finalModel,
    final_model: finalModel,
    termination_state: termination,
    models_tried: tried,
    strategy: selection.strategy,
    capabilities: selection.capability ? [selection.capability] : [],
    budget: selection.budget === undefined ? null : toUsdNumber(selection.budget),
  };
}
