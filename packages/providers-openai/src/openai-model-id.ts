import table from './openai-model-ids.json' with { type: 'json' };

const nativeIds: Readonly<Record<string, string>> = table;

// OpenRouter routing variants (`openai/gpt-oss-20b:free`); none is part of an OpenAI id.
const OPENROUTER_VARIANT = /:(?:free|beta|thinking|extended|nitro|floor|online|exacto)$/;

/**
 * Maps an OpenRouter-style id to the id OpenAI expects: `openai/o3-mini` becomes `o3-mini` and
 * `openai/gpt-5.2-chat` becomes `gpt-5.2-chat-latest`, through `openai-model-ids.json` (the `openai/` part of the
 * catalog's LiteLLM-derived table, see NOTICE-litellm.md) first and by dropping the prefix and an OpenRouter
 * variant suffix (`:free`, `:beta`, ...) otherwise. Ids without the `openai/` prefix (native ids, fine-tunes such as
 * `ft:gpt-4o-mini:org::id`) are returned unchanged.
 *
 * `createOpenAI` applies it only when talking to api.openai.com: OpenAI-compatible servers may name their own
 * models `openai/...` (e.g. `openai/gpt-oss-20b`), so their ids are sent as given.
 */
export function toOpenAIModelId(modelId: string): string {
  if (!modelId.startsWith('openai/')) return modelId;
  const bare = modelId.slice('openai/'.length).replace(OPENROUTER_VARIANT, '');
  return nativeIds[`openai/${bare}`] ?? bare;
}
