import {
  type FetchFunction,
  loadApiKey,
  loadOptionalSetting,
  loadSetting,
  withoutTrailingSlash,
} from '@tokenwise/provider-utils';
import type { LanguageModelV1, ProviderV1 } from '@tokenwise/spec';
import { OpenAIChatLanguageModel, type OpenAIChatModelId } from './openai-chat-language-model.js';
import { toOpenAIModelId } from './openai-model-id.js';

/** The default base URL (`OPENAI_BASE_URL` overrides it). */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Settings of `createOpenAI`. Everything is optional; keys and URLs are read when a request is made. */
export interface OpenAIProviderSettings {
  /** Default: `OPENAI_API_KEY`. Optional when `baseURL` is not api.openai.com (Ollama, vLLM, llama.cpp). */
  apiKey?: string;
  /** Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A custom `fetch` (middleware, proxies, or a mock upstream in tests). */
  fetch?: FetchFunction;
  /** Provider id reported on models and errors (default `openai`; e.g. `ollama` for a local server). */
  name?: string;
  /** Per-request timeout in milliseconds (default 120 000; streams: headers and the gap between chunks). */
  timeoutMs?: number;
}

/** The OpenAI provider: callable (`openai('gpt-4.1')`) and a spec `ProviderV1`. */
export interface OpenAIProvider extends ProviderV1 {
  (modelId: OpenAIChatModelId): LanguageModelV1;
  /**
   * A Chat Completions model by its native id. At api.openai.com, OpenRouter-style ids (`openai/o3-mini`) are
   * mapped to native ones by `toOpenAIModelId`; `modelId` is the id actually sent.
   */
  languageModel(modelId: OpenAIChatModelId): LanguageModelV1;
  /** Same as `languageModel`. */
  chat(modelId: OpenAIChatModelId): LanguageModelV1;
}

/**
 * Creates an OpenAI provider (or one for any OpenAI-compatible server, given `baseURL`). Creating it never
 * throws: a missing key surfaces as `LoadApiKeyError` on the first call.
 */
export function createOpenAI(settings: OpenAIProviderSettings = {}): OpenAIProvider {
  const providerName = settings.name ?? 'openai';
  const baseURL = () =>
    withoutTrailingSlash(
      loadSetting({
        settingValue: settings.baseURL,
        environmentVariableName: 'OPENAI_BASE_URL',
        defaultValue: OPENAI_DEFAULT_BASE_URL,
      }),
    );

  // The base URL can come from the environment, so it is read per call; parsing it is remembered.
  let lastBase: string | undefined;
  let lastBaseIsOpenAI = false;
  const headers = () => {
    const base = baseURL();
    if (base !== lastBase) {
      lastBase = base;
      lastBaseIsOpenAI = isOpenAIHost(base);
    }
    // local OpenAI-compatible servers need no key; OpenAI itself always does:
    const apiKey = lastBaseIsOpenAI
      ? loadApiKey({
          apiKey: settings.apiKey,
          environmentVariableName: 'OPENAI_API_KEY',
          provider: providerName,
        })
      : loadOptionalSetting({ settingValue: settings.apiKey, environmentVariableName: 'OPENAI_API_KEY' });
    return {
      ...(apiKey === undefined ? {} : { Authorization: `Bearer ${apiKey}` }),
      'OpenAI-Organization': settings.organization,
      'OpenAI-Project': settings.project,
      ...settings.headers,
    };
  };

  // OpenRouter-style ids are OpenAI's own only at api.openai.com; compatible servers get ids as given
  const nativeIds = settings.baseURL === undefined || isOpenAIHost(settings.baseURL);
  const createChatModel = (modelId: string) =>
    new OpenAIChatLanguageModel(nativeIds ? toOpenAIModelId(modelId) : modelId, {
      provider: providerName,
      url: (path) => `${baseURL()}${path}`,
      headers,
      fetch: settings.fetch,
      timeoutMs: settings.timeoutMs,
      providerOptionsKey: providerName,
      // reasoning-model rules follow the model id, not the base URL (a proxy or gateway in front of OpenAI
      // still serves o3 with max_completion_tokens and reasoning_effort)
    });

  const provider = (modelId: string) => createChatModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: providerName,
    languageModel: createChatModel,
    chat: createChatModel,
  });
}

function isOpenAIHost(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The default OpenAI provider (`OPENAI_API_KEY`, `OPENAI_BASE_URL`). */
export const openai: OpenAIProvider = createOpenAI();
