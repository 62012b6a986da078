import table from './anthropic-model-ids.json' with { type: 'json' };

const nativeIds: Readonly<Record<string, string>> = table;

// OpenRouter routing variants (`anthropic/claude-3.7-sonnet:thinking`); none is part of an Anthropic id.
const OPENROUTER_VARIANT = /:(?:free|beta|thinking|extended|nitro|floor|online|exacto)$/;

/**
 * Maps a model id to the id the Anthropic Messages API expects, so OpenRouter-style ids work with
 * `createAnthropic()` alone:
 * 1. `anthropic/claude-sonnet-4.5` and `claude-sonnet-4.5` are looked up in `anthropic-model-ids.json` (the
 *    `anthropic/` part of the catalog's LiteLLM-derived table, see NOTICE-litellm.md), giving `claude-sonnet-4-5`.
 * 2. Otherwise, only for ids with the `anthropic/` prefix: the prefix and an OpenRouter variant suffix
 *    (`:beta`, `:thinking`, ...) are dropped and version dots become dashes (`claude-opus-4.9` → `claude-opus-4-9`);
 *    Claude 3 family ids without a date get the `-latest` alias (`claude-3.5-haiku` → `claude-3-5-haiku-latest`),
 *    because those models were only ever published under dated ids and `-latest` aliases.
 * 3. Any other id (native ids, dated ids, ids of models released after the table) is returned unchanged.
 */
export function toAnthropicModelId(modelId: string): string {
  if (!modelId.startsWith('anthropic/')) return nativeIds[`anthropic/${modelId}`] ?? modelId;
  const bare = modelId.slice('anthropic/'.length).replace(OPENROUTER_VARIANT, '');
  const known = nativeIds[`anthropic/${bare}`];
  if (known !== undefined) return known;
  // dots only ever separate version digits in OpenRouter's Claude ids; Anthropic writes them as dashes
  const dashed = bare.replace(/(\d)\.(\d)/g, '$1-$2');
  if (/^claude-3-/.test(dashed) && !/-(?:\d{8}|latest)$/.test(dashed)) return `${dashed}-latest`;
  return dashed;
}
