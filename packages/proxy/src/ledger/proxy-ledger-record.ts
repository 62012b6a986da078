import type { PicoUsd } from '@tokenwise/spec';

/** How a call or a request ended. */
export type ProxyOutcome = 'ok' | 'error' | 'aborted' | 'refused';

/**
 * What the proxy records (written to the ledger as `CallRecord`s, see `toCallRecord`): one `attempt` record per upstream call and one `request` record per client request
 * (streamed or not, succeeded or not). Never carries keys, prompts or upstream URLs.
 */
export interface ProxyLedgerRecord {
  kind: 'attempt' | 'request';
  requestId: string;
  /** ISO 8601 time the request (or attempt) started. */
  timestamp: string;
  /** Catalog id of the model called (or answering); absent when the request was refused before routing. */
  modelId: string | undefined;
  providerId: string | undefined;
  strategy: string | undefined;
  outcome: ProxyOutcome;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
  /** Exact cost in pico-dollars (0 when nothing was billed). */
  cost: PicoUsd;
  /** Whether the token counts were estimated (client disconnect, upstream without usage). */
  estimated: boolean;
  /** The request's ceiling, when there was one. */
  budget: PicoUsd | undefined;
  durationMs: number;
  /** OpenAI error code of a failure, e.g. `upstream_error`, `budget_exceeded`. */
  errorCode?: string;
  /** Class name of the failure, e.g. `TokenwiseApiCallError`. */
  errorClass?: string;
  /** The client-facing message of the failure (redacted by construction). */
  errorMessage?: string;
  /** HTTP status returned to the client (request records) or received upstream (attempt records). */
  status?: number;
  /** Request records: every model called, in order. */
  modelsTried?: string[];
  /** Attempt records: 1-based position in the request. */
  attempt?: number;
}
