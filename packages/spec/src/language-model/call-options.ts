import type { JsonObject, JsonSchema } from './json-value.js';
import type { CacheControl, Prompt } from './prompt.js';

/** A function the model may call. */
export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  inputSchema: JsonSchema;
  /** Prompt-cache breakpoint after this tool (Anthropic); other vendors ignore it with a warning. */
  cacheControl?: CacheControl;
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

/** How hard a reasoning model thinks (OpenAI `reasoning_effort`); vendors' newer values pass through as text. */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | (string & {});

/** Extended thinking with a token budget (Anthropic `thinking`, Gemini `thinkingBudget`). */
export type ThinkingOptions = { type: 'enabled'; budgetTokens: number } | { type: 'disabled' };

/** Everything one model call takes. Adapters translate it to each vendor's wire format. */
export interface CallOptions {
  prompt: Prompt;
  /** Upper bound on output tokens. Budget enforcement clamps this before the call. */
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  seed?: number;
  /** Only sample from the K most likely tokens (Anthropic, Gemini, OpenRouter). */
  topK?: number;
  /** -2..2: penalises tokens already present (OpenAI-style vendors, Gemini). */
  presencePenalty?: number;
  /** -2..2: penalises tokens by their frequency so far (OpenAI-style vendors, Gemini). */
  frequencyPenalty?: number;
  /** Token id (as text) → bias -100..100 (OpenAI-style vendors only). */
  logitBias?: Record<string, number>;
  /** Return log probabilities of the output tokens (OpenAI-style vendors). */
  logprobs?: boolean;
  /** With `logprobs`: how many alternatives per position (0..20). */
  topLogprobs?: number;
  /** Whether the model may call several tools in one turn (default: the vendor's, usually true). */
  parallelToolCalls?: boolean;
  /** Reasoning effort of a reasoning model (OpenAI o-series / gpt-5, OpenRouter `reasoning.effort`). */
  reasoningEffort?: ReasoningEffort;
  /** Extended thinking (Anthropic; Gemini `thinkingConfig`). `budgetTokens` must stay below `maxOutputTokens`. */
  thinking?: ThinkingOptions;
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
