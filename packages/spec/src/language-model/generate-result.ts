import type { CallWarning } from './call-warning.js';
import type { Content } from './content.js';
import type { FinishReason } from './finish-reason.js';
import type { Usage } from './usage.js';

/** Metadata of the upstream response. */
export interface ResponseMetadata {
  id?: string;
  /** The model id the vendor says answered. */
  modelId?: string;
  headers?: Record<string, string>;
}

/** The result of a non-streaming call. */
export interface GenerateResult {
  content: Content[];
  finishReason: FinishReason;
  usage: Usage;
  warnings: CallWarning[];
  response?: ResponseMetadata;
}
