import { toOpenAIError } from '../errors/to-openai-error.js';

/** What the ledger keeps about a failure: never the vendor's message, a URL or a key. */
export interface FailureDescription {
  errorCode: string | undefined;
  /** The error's class name, e.g. `TokenwiseApiCallError`. */
  errorClass: string;
  /** The one-line message the client got, plus the upstream status when there was one. */
  errorMessage: string;
  /** The upstream's HTTP status, when the failure was an upstream answer. */
  upstreamStatus: number | undefined;
}

/** Describes an error for the ledger from its client-facing mapping (already redacted by construction). */
export function describeFailure(error: unknown): FailureDescription {
  const mapped = toOpenAIError(error);
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const upstreamStatus = typeof status === 'number' ? status : undefined;
  return {
    errorCode: mapped.code ?? undefined,
    errorClass: error instanceof Error ? error.name : typeof error,
    errorMessage:
      upstreamStatus === undefined ? mapped.message : `${mapped.message} [upstream HTTP ${upstreamStatus}]`,
    upstreamStatus,
  };
}
