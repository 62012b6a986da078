/**
 * The original proxy's `tokenwise_trace` (spec §9.4), made truthful: `models_tried` lists only models that were
 * called, and `termination_state` says how the request ended.
 */
export interface ProxyTrace {
  request_id: string;
  initial_model: string;
  final_model: string;
  termination_state: 'completed' | 'failed' | 'aborted';
  models_tried: string[];
  strategy: string;
  /** Capabilities the router looked for. */
  capabilities: string[];
  /** The request's budget in USD, or null when unlimited. */
  budget: number | null;
}
