import type { TokenwiseConfig } from '@tokenwise/core';
import type { ProviderV1 } from '@tokenwise/spec';

/**
 * The concrete providers, imported only when a command calls LLMs (`plan`, `serve`), so `route` and `models` load
 * no provider code. A direct vendor is registered only when its key is set (a registered vendor takes all its
 * models); OpenRouter is always registered and reports a missing `OPENROUTER_API_KEY` when it is first called.
 */
export async function composeProviders(
  config: TokenwiseConfig,
  options: { fetch?: typeof globalThis.fetch } = {},
): Promise<Record<string, ProviderV1>> {
  const [{ createOpenAI }, { createAnthropic }, { createGoogle }, { createOpenRouter }] = await Promise.all([
    import('@tokenwise/providers-openai'),
    import('@tokenwise/providers-anthropic'),
    import('@tokenwise/providers-google'),
    import('@tokenwise/providers-openrouter'),
  ]);
  const settings = (apiKey: string | undefined, baseURL: string | undefined) => ({
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(baseURL === undefined ? {} : { baseURL }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  return {
    ...(config.openaiApiKey
      ? { openai: createOpenAI(settings(config.openaiApiKey, config.openaiBaseURL)) }
      : {}),
    ...(config.anthropicApiKey
      ? { anthropic: createAnthropic(settings(config.anthropicApiKey, config.anthropicBaseURL)) }
      : {}),
    ...(config.googleApiKey
      ? { google: createGoogle(settings(config.googleApiKey, config.googleBaseURL)) }
      : {}),
    openrouter: createOpenRouter(settings(config.openrouterApiKey, config.openrouterBaseURL)),
  };
}
