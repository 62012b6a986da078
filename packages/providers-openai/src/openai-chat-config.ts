import type { FetchFunction } from '@tokenwise/provider-utils';
import type { JsonObject } from '@tokenwise/spec';
import type { OpenAIParameterStyle } from './add-openai-extended-args.js';

/** How an `OpenAIChatLanguageModel` reaches its server; OpenRouter and compatible servers supply their own. */
export interface OpenAIChatConfig {
  /** Provider id reported on the model and in errors, e.g. `openai`, `openrouter`, `ollama`. */
  provider: string;
  /** The full URL for an API path such as `/chat/completions` (read lazily, per call). */
  url: (path: string) => string;
  /** Request headers, computed per call (this is where the API key is loaded, lazily). */
  headers: () => Record<string, string | undefined>;
  fetch?: FetchFunction;
  /** Per-request timeout in milliseconds (default 120 000). */
  timeoutMs?: number;
  /** The `providerOptions` key merged into the body (default: `provider`). */
  providerOptionsKey?: string;
  /**
   * Apply OpenAI's reasoning-model rules (`max_completion_tokens`, `reasoning_effort`, no temperature/top_p)
   * to reasoning model ids. Default true: the rules follow the model, whatever the base URL.
   */
  reasoningModelRules?: boolean;
  /** How extended settings are spelled: OpenAI's fields (default) or OpenRouter's (`reasoning`, `top_k`). */
  parameterStyle?: OpenAIParameterStyle;
  /** Extra body fields on every request (OpenRouter: `usage: { include: true }`). */
  extraBody?: JsonObject;
  /** Ids for tool calls the server did not name. */
  generateId?: () => string;
}
