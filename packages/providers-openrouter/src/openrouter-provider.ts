import { type FetchFunction, loadApiKey, loadSetting, withoutTrailingSlash } from '@tokenwise/provider-utils';
import { OpenAIChatLanguageModel } from '@tokenwise/providers-openai/internal';
import type { LanguageModelV1, ProviderV1 } from '@tokenwise/spec';

/** The default base URL (`OPENROUTER_BASE_URL` overrides it). */
export const OPENROUTER_DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';

/** An OpenRouter model id: `vendor/model`, optionally with a variant such as `:free`. */
export type OpenRouterModelId =
  | 'openai/gpt-4.1-mini'
  | 'anthropic/claude-sonnet-4'
  | 'google/gemini-2.5-flash'
  | (string & {});

/** Settings of `createOpenRouter`. Everything is optional; keys and URLs are read when a request is made. */
export interface OpenRouterProviderSettings {
  /** Default: `OPENROUTER_API_KEY`. */
  apiKey?: string;
  /** Default: `OPENROUTER_BASE_URL`, else `https://openrouter.ai/api/v1`. */
  baseURL?: string;
  /** Your site URL, sent as `HTTP-Referer` (OpenRouter app attribution). */
  appUrl?: string;
  /** Your app name, sent as `X-Title` (OpenRouter app attribution). */
  appName?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A custom `fetch` (middleware, proxies, or a mock upstream in tests). */
  fetch?: FetchFunction;
  /** Provider id reported on models and errors (default `openrouter`). */
  name?: string;
  /** Per-request timeout in milliseconds (default 120 000). */
  timeoutMs?: number;
}

/** The OpenRouter provider: callable (`openrouter('anthropic/claude-sonnet-4')`) and a spec `ProviderV1`. */
export interface OpenRouterProvider extends ProviderV1 {
  (modelId: OpenRouterModelId): LanguageModelV1;
  /** A model by its full OpenRouter id (`vendor/model`), sent unchanged. */
  languageModel(modelId: OpenRouterModelId): LanguageModelV1;
}

/**
 * Creates an OpenRouter provider. It speaks the OpenAI chat wire format, always asks for `usage.include` so
 * each answer reports its cost (`Usage.reportedCostUsd`), and leaves parameter normalisation to OpenRouter.
 */
export function createOpenRouter(settings: OpenRouterProviderSettings = {}): OpenRouterProvider {
  const providerName = settings.name ?? 'openrouter';
  const baseURL = () =>
    withoutTrailingSlash(
      loadSetting({
        settingValue: settings.baseURL,
        environmentVariableName: 'OPENROUTER_BASE_URL',
        defaultValue: OPENROUTER_DEFAULT_BASE_URL,
      }),
    );
  const headers = () => ({
    Authorization: `Bearer ${loadApiKey({
      apiKey: settings.apiKey,
      environmentVariableName: 'OPENROUTER_API_KEY',
      provider: providerName,
    })}`,
    'HTTP-Referer': settings.appUrl,
    'X-Title': settings.appName,
    ...settings.headers,
  });

  const createModel = (modelId: string) =>
    new OpenAIChatLanguageModel(modelId, {
      provider: providerName,
      url: (path) => `${baseURL()}${path}`,
      headers,
      fetch: settings.fetch,
      timeoutMs: settings.timeoutMs,
      providerOptionsKey: 'openrouter',
      reasoningModelRules: false,
      parameterStyle: 'openrouter',
      extraBody: { usage: { include: true } },
    });

  const provider = (modelId: string) => createModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: providerName,
    languageModel: createModel,
  });
}

/** The default OpenRouter provider (`OPENROUTER_API_KEY`, `OPENROUTER_BASE_URL`). */
export const openrouter: OpenRouterProvider = createOpenRouter();
