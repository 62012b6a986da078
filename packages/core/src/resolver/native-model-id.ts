import nativeIds from '../catalog/native-model-ids.json' with { type: 'json' };

const TABLE: Readonly<Record<string, string>> = nativeIds;

/**
 * The id a vendor's own API expects for a catalog model, e.g. `anthropic/claude-sonnet-4.5` →
 * `claude-sonnet-4-5`, `anthropic/claude-3-haiku` → `claude-3-haiku-20240307`, `openai/gpt-4.1` → `gpt-4.1`.
 *
 * First the mapping table generated from LiteLLM's price map (ids the vendor is known to serve); for other
 * ids a fallback rule: drop the `vendor/` prefix and any `:variant` suffix, and for Anthropic write dots
 * between digits as dashes (OpenRouter's `claude-opus-4.1` is Anthropic's `claude-opus-4-1`).
 * @param vendor The direct provider, e.g. `anthropic`.
 * @param id A catalog id (`anthropic/claude-opus-4.1`) or an already bare id (`claude-opus-4-1`).
 */
export function nativeModelId(vendor: string, id: string): string {
  const catalogId = id.includes('/') ? id : `${vendor}/${id}`;
  const mapped = Object.hasOwn(TABLE, catalogId) ? TABLE[catalogId] : undefined;
  if (mapped !== undefined) return mapped;
  let bare = catalogId.slice(catalogId.indexOf('/') + 1);
  const colon = bare.indexOf(':');
  if (colon >= 0) bare = bare.slice(0, colon);
  return vendor === 'anthropic' ? bare.replace(/(\d)\.(\d)/g, '$1-$2') : bare;
}

/** True when the generated table lists `catalogId` (its native id is confirmed, not guessed by the rule). */
export function hasKnownNativeModelId(catalogId: string): boolean {
  return Object.hasOwn(TABLE, catalogId);
}
