export { toAnthropicModelId } from './anthropic-model-id.js';
export {
  ANTHROPIC_API_VERSION,
  type AnthropicProvider,
  type AnthropicProviderSettings,
  anthropic,
  createAnthropic,
} from './anthropic-provider.js';
export { ANTHROPIC_DEFAULT_MAX_TOKENS } from './build-anthropic-request.js';
