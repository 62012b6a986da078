/**
 * A prompt-cache breakpoint (Anthropic `cache_control`): the prompt up to and including this part is cached.
 * Vendors without explicit cache breakpoints ignore it with an `unsupported-setting` warning.
 */
export interface CacheControl {
  type: 'ephemeral';
  /** Cache lifetime, e.g. `5m` (default) or `1h`. */
  ttl?: string;
}

/** Plain text in a message. */
export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

/**
 * Reasoning the assistant produced in an earlier turn (Anthropic thinking blocks). Sent back verbatim,
 * signature included, to Anthropic; other vendors drop it with a warning.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  /** The payload of a `redacted_thinking` block (then `text` is empty). */
  redactedData?: string;
}

/**
 * An image in a user message: either a URL (`https:` or `data:`) or base64 data with its media type.
 * Vendors that only take inline data receive `data:` URLs decoded by the adapter.
 */
export interface ImagePart {
  type: 'image';
  /** An `https:` / `data:` URL, or raw base64 when `mediaType` is set. */
  image: string;
  /** IANA media type, e.g. `image/png`; required for raw base64. */
  mediaType?: string;
  cacheControl?: CacheControl;
}

/** A tool call the assistant made earlier in the conversation. */
export interface ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** The arguments as a JSON text, exactly as the model produced them. */
  input: string;
  cacheControl?: CacheControl;
}

/** The result of running a tool, sent back to the model. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  /** The tool's output as text (JSON text for structured results). */
  output: string;
  isError?: boolean;
  cacheControl?: CacheControl;
}

/** A system instruction. Several are allowed; adapters merge them the way each vendor requires. */
export interface SystemMessage {
  role: 'system';
  content: string;
  cacheControl?: CacheControl;
}

/** A user turn. */
export interface UserMessage {
  role: 'user';
  content: Array<TextPart | ImagePart>;
}

/** An assistant turn, possibly with tool calls. */
export interface AssistantMessage {
  role: 'assistant';
  content: Array<TextPart | ReasoningPart | ToolCallPart>;
}

/** Tool results answering the assistant's tool calls. */
export interface ToolMessage {
  role: 'tool';
  content: ToolResultPart[];
}

/** One message of a conversation. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** A whole conversation, in order. Consecutive messages of one role are allowed; adapters merge them where needed. */
export type Prompt = Message[];
