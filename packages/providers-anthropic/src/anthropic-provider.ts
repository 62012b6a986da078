import { type FetchFunction, loadApiKey, loadSetting, withoutTrailingSlash } from '@tokenwise/provider-utils';
import type { LanguageModelV1, ProviderV1 } from '@tokenwise/spec';
import { createAnthropicLanguageModel } from './anthropic-language-model.js';
import { toAnthropicModelId } from './anthropic-model-id.js';

/** The `anthropic-version` header every request carries. */
export const ANTHROPIC_API_VERSION = '2023-06-01';

/** Settings of `createAnthropic`. Nothing is read from the environment until a call is made. */
export interface AnthropicProviderSettings {
  /** API key; default: the `ANTHROPIC_API_KEY` environment variable, read at call time. */
  apiKey?: string;
  /**
   * API base without `/v1`; default: `ANTHROPIC_BASE_URL`, else `https://api.anthropic.com`. Requests go to
   * `{baseURL}/v1/messages`.
   */
  baseURL?: string;
  /** Extra headers sent with every request (e.g. `anthropic-beta`). */
  headers?: Record<string, string>;
  /** A `fetch` to use instead of the global one: a mock upstream's `fetch` in tests, or a middleware. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds (stream: headers and idle gaps); default 120 000, 0 disables. */
  timeoutMs?: number;
  /** `max_tokens` sent when a call sets no `maxOutputTokens` (the API requires it); default 4096. */
  defaultMaxTokens?: number;
}

/**
 * The Anthropic provider: call it with a model id, or use `languageModel(id)`. Native ids are sent as given;
 * OpenRouter-style ids (`anthropic/claude-sonnet-4.5`) are mapped to native ones by `toAnthropicModelId`, and the
 * model's `modelId` is the id actually sent.
 */
export interface AnthropicProvider extends ProviderV1 {
  (modelId: string): LanguageModelV1;
  languageModel(modelId: string): LanguageModelV1;
}

/** Creates an Anthropic provider (Messages API). */
export function createAnthropic(settings: AnthropicProviderSettings = {}): AnthropicProvider {
  const config = {
    provider: 'anthropic',
    baseURL: () =>
      withoutTrailingSlash(
        loadSetting({
          settingValue: settings.baseURL,
          environmentVariableName: 'ANTHROPIC_BASE_URL',
          defaultValue: 'https://api.anthropic.com',
        }),
      ),
    headers: () => ({
      'x-api-key': loadApiKey({
        apiKey: settings.apiKey,
        environmentVariableName: 'ANTHROPIC_API_KEY',
        provider: 'anthropic',
      }),
      'anthropic-version': ANTHROPIC_API_VERSION,
      ...settings.headers,
    }),
    ...(settings.fetch !== undefined ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.defaultMaxTokens !== undefined ? { defaultMaxTokens: settings.defaultMaxTokens } : {}),
  };
  const languageModel = (modelId: string) =>
    createAnthropicLanguageModel(toAnthropicModelId(modelId), config);
  const provider = (modelId: string) => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: 'anthropic',
    languageModel,
  });
}

/** The default Anthropic provider: key from `ANTHROPIC_API_KEY`, base URL from `ANTHROPIC_BASE_URL`. */
export const anthropic: AnthropicProvider = createAnthropic();
