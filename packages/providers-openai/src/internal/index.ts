// Workspace-internal entry (`@tokenwise/providers-openai/internal`) for adapters built on the OpenAI chat
// wire format, such as OpenRouter. Not covered by semver.
export { convertOpenAIUsage } from '../convert-openai-usage.js';
export { convertToOpenAIMessages } from '../convert-to-openai-messages.js';
export { isReasoningModel } from '../is-reasoning-model.js';
export { mapOpenAIFinishReason } from '../map-openai-finish-reason.js';
export {
  type OpenAIChatChunk,
  type OpenAIUsage,
  openaiChatChunkSchema,
  openaiChatResponseSchema,
  openaiErrorSchema,
} from '../openai-api.js';
export type { OpenAIChatConfig } from '../openai-chat-config.js';
export {
  createOpenAIStreamTransformer,
  OpenAIChatLanguageModel,
  type OpenAIChatModelId,
} from '../openai-chat-language-model.js';
export { openaiFailedResponseHandler, openaiInBandError } from '../openai-error.js';
