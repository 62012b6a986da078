export type { OpenAIChatModelId } from './openai-chat-language-model.js';
export { toOpenAIModelId } from './openai-model-id.js';
export {
  createOpenAI,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIProvider,
  type OpenAIProviderSettings,
  openai,
} from './openai-provider.js';
