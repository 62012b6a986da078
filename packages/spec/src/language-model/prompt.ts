/** Plain text in a message. */
export interface TextPart {
  type: 'text';
  text: string;
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
}

/** A tool call the assistant made earlier in the conversation. */
export interface ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** The arguments as a JSON text, exactly as the model produced them. */
  input: string;
}

/** The result of running a tool, sent back to the model. */
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  /** The tool's output as text (JSON text for structured results). */
  output: string;
  isError?: boolean;
}

/** A system instruction. Several are allowed; adapters merge them the way each vendor requires. */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/** A user turn. */
export interface UserMessage {
  role: 'user';
  content: Array<TextPart | ImagePart>;
}

/** An assistant turn, possibly with tool calls. */
export interface AssistantMessage {
  role: 'assistant';
  content: Array<TextPart | ToolCallPart>;
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
