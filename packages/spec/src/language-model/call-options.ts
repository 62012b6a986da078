import type { JsonObject, JsonSchema } from './json-value.js';
import type { Prompt } from './prompt.js';

/** A function the model may call. */
export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  inputSchema: JsonSchema;
}

/** How the model may use the tools. */
export type ToolChoice =
  | { type: 'auto' }
  | { type: 'none' }
  | { type: 'required' }
  | { type: 'tool'; toolName: string };

/** The shape of the answer: free text, or JSON (optionally matching a schema). */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json'; schema?: JsonSchema; name?: string; description?: string };

/** Everything one model call takes. Adapters translate it to each vendor's wire format. */
export interface CallOptions {
  prompt: Prompt;
  /** Upper bound on output tokens. Budget enforcement clamps this before the call. */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  seed?: number;
  responseFormat?: ResponseFormat;
  tools?: FunctionTool[];
  toolChoice?: ToolChoice;
  /** An end-user id, forwarded where the vendor supports it (abuse monitoring). */
  user?: string;
  /** Extra request headers for this call only. */
  headers?: Record<string, string | undefined>;
  /** Cancels the call; adapters pass it to `fetch`. */
  abortSignal?: AbortSignal;
  /**
   * Largest answer body to read, in bytes, for non-streamed calls: a longer body is cut and reported as an
   * `InvalidResponseDataError` (billed). Set by the engine from what the reservation pays for.
   */
  maxResponseBytes?: number;
  /** Vendor-specific body fields, keyed by provider id, merged into the request body as is. */
  providerOptions?: Record<string, JsonObject>;
}
