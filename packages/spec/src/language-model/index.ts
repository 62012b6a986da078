export type {
  CallOptions,
  FunctionTool,
  ReasoningEffort,
  ResponseFormat,
  ThinkingOptions,
  ToolChoice,
} from './call-options.js';
export type { CallWarning } from './call-warning.js';
export type { Content, ReasoningContent, TextContent, ToolCallContent } from './content.js';
export type { FinishReason } from './finish-reason.js';
export type { GenerateResult, ResponseMetadata } from './generate-result.js';
export type { JsonObject, JsonSchema, JsonValue } from './json-value.js';
export type { LanguageModelV1 } from './language-model-v1.js';
export type {
  AssistantMessage,
  CacheControl,
  ImagePart,
  Message,
  Prompt,
  ReasoningPart,
  SystemMessage,
  TextPart,
  ToolCallPart,
  ToolMessage,
  ToolResultPart,
  UserMessage,
} from './prompt.js';
export type { StreamPart, StreamResult } from './stream-part.js';
export type { Usage } from './usage.js';
