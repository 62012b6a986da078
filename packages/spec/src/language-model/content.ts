/** Text the model produced. */
export interface TextContent {
  type: 'text';
  text: string;
}

/** Reasoning text the vendor exposed (Anthropic thinking, OpenRouter reasoning). */
export interface ReasoningContent {
  type: 'reasoning';
  text: string;
  /** Anthropic's integrity signature of a thinking block; needed to send the block back in a later turn. */
  signature?: string;
  /** The encrypted payload of an Anthropic `redacted_thinking` block (`text` is then empty). */
  redactedData?: string;
}

/** A tool call the model asks the caller to run. */
export interface ToolCallContent {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** The arguments as JSON text, exactly as produced. */
  input: string;
}

/** One item of a model's answer. */
export type Content = TextContent | ReasoningContent | ToolCallContent;
