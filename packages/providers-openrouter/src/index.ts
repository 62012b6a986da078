export { fetchOpenRouterModels } from './fetch-open-router-models.js';
export {
  createOpenRouter,
  OPENROUTER_DEFAULT_BASE_URL,
  type OpenRouterModelId,
  type OpenRouterProvider,
  type OpenRouterProviderSettings,
  openrouter,
} from './openrouter-provider.js';
