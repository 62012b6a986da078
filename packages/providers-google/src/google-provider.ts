import {
  type FetchFunction,
  loadOptionalSetting,
  loadSetting,
  withoutTrailingSlash,
} from '@tokenwise/provider-utils';
import { type LanguageModelV1, LoadApiKeyError, type ProviderV1 } from '@tokenwise/spec';
import { createGoogleLanguageModel } from './google-language-model.js';
import { toGoogleModelId } from './google-model-id.js';

/** Settings of `createGoogle`. Nothing is read from the environment until a call is made. */
export interface GoogleProviderSettings {
  /** API key; default: `GOOGLE_API_KEY`, else `GEMINI_API_KEY`, read at call time. Sent as `x-goog-api-key`. */
  apiKey?: string;
  /**
   * API base including the version; default: `GOOGLE_BASE_URL`, else
   * `https://generativelanguage.googleapis.com/v1beta`.
   */
  baseURL?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** A `fetch` to use instead of the global one: a mock upstream's `fetch` in tests, or a middleware. */
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds (stream: headers and idle gaps); default 120 000, 0 disables. */
  timeoutMs?: number;
}

/**
 * The Google provider: call it with a model id, or use `languageModel(id)`. OpenRouter-style ids
 * (`google/gemini-2.5-pro`) are mapped to native ones by `toGoogleModelId`; `modelId` is the id actually sent.
 */
export interface GoogleProvider extends ProviderV1 {
  (modelId: string): LanguageModelV1;
  languageModel(modelId: string): LanguageModelV1;
}

/** Creates a Google Gemini provider (Generative Language API). */
export function createGoogle(settings: GoogleProviderSettings = {}): GoogleProvider {
  const config = {
    provider: 'google',
    baseURL: () =>
      withoutTrailingSlash(
        loadSetting({
          settingValue: settings.baseURL,
          environmentVariableName: 'GOOGLE_BASE_URL',
          defaultValue: 'https://generativelanguage.googleapis.com/v1beta',
        }),
      ),
    headers: () => ({ 'x-goog-api-key': loadGoogleApiKey(settings.apiKey), ...settings.headers }),
    ...(settings.fetch !== undefined ? { fetch: settings.fetch } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
  };
  const languageModel = (modelId: string) => createGoogleLanguageModel(toGoogleModelId(modelId), config);
  const provider = (modelId: string) => languageModel(modelId);
  return Object.assign(provider, {
    specificationVersion: 'v1' as const,
    id: 'google',
    languageModel,
  });
}

// GEMINI_API_KEY is what Google's own SDKs and AI Studio suggest, so it is accepted as a fallback:
function loadGoogleApiKey(apiKey: string | undefined): string {
  const key =
    loadOptionalSetting({ settingValue: apiKey, environmentVariableName: 'GOOGLE_API_KEY' }) ??
    loadOptionalSetting({ settingValue: undefined, environmentVariableName: 'GEMINI_API_KEY' });
  if (key === undefined) {
    throw new LoadApiKeyError({
      provider: 'google',
      environmentVariableName: 'GOOGLE_API_KEY',
      message: 'Missing API key for google: set GOOGLE_API_KEY (or GEMINI_API_KEY) or pass apiKey.',
    });
  }
  return key;
}

/** The default Google provider: key from `GOOGLE_API_KEY` / `GEMINI_API_KEY`, base URL from `GOOGLE_BASE_URL`. */
export const google: GoogleProvider = createGoogle();
