import nativeIds from '../catalog/native-model-ids.json' with { type: 'json' };

/** A client's model name turned into what the router and registry understand. */
export interface ResolvedModelName {
  /** A catalog id (`anthropic/claude-sonnet-4.5`), `auto`, or `tokenwise/<strategy>`. */
  id: string;
  /** How it was found: an operator alias, a vendor's native id, or the name as given. */
  via: 'alias' | 'native' | 'as-is';
}

// native id → catalog id, from the same LiteLLM-derived table the resolver uses the other way round
const CATALOG_BY_NATIVE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [catalogId, native] of Object.entries(nativeIds as Record<string, string>)) {
    // the first (shortest, non-variant) catalog id wins when two share a native id:
    if (!map.has(native)) map.set(native, catalogId);
  }
  return map;
})();

const DATE_SUFFIX = /-\d{8}$/;
const LATEST_SUFFIX = /-latest$/;

/**
 * Maps the model name a client sent to a catalog id, for doors whose clients use vendor-native names
 * (Anthropic SDKs and agents send `claude-sonnet-4-5`, `claude-3-5-haiku-latest`, `claude-sonnet-4-5-20250929`):
 * 1. an operator alias (`model_aliases`) wins, exactly as written;
 * 2. `auto`, `tokenwise/<strategy>` and ids with a `/` pass unchanged;
 * 3. a native id the catalog table lists maps back to its catalog id (also without a `-YYYYMMDD` date or
 *    `-latest` suffix);
 * 4. other Claude ids: the suffix is dropped and version dashes become dots (`claude-opus-4-9` →
 *    `anthropic/claude-opus-4.9`, `claude-3-7-sonnet` → `anthropic/claude-3.7-sonnet`); bare `gpt-*`, `o1`–`o4`
 *    and `gemini-*` / `gemma-*` ids get their vendor prefix;
 * 5. anything else is returned as given (the registry then answers "no such model").
 */
export function resolveModelName(
  name: string,
  aliases: Readonly<Record<string, string>> = {},
): ResolvedModelName {
  const alias = Object.hasOwn(aliases, name) ? aliases[name] : undefined;
  if (alias !== undefined) return { id: alias, via: 'alias' };
  if (name === 'auto' || name.includes('/')) return { id: name, via: 'as-is' };
  const undated = name.replace(DATE_SUFFIX, '').replace(LATEST_SUFFIX, '');
  const known = CATALOG_BY_NATIVE.get(name) ?? CATALOG_BY_NATIVE.get(undated);
  if (known !== undefined) return { id: known, via: 'native' };
  if (undated.startsWith('claude-')) {
    // Anthropic writes versions with dashes (4-5, 3-7); the catalog with dots (4.5, 3.7):
    const dotted = undated.replace(/-(\d)-(\d)(?=-|$)/g, '-$1.$2');
    return { id: `anthropic/${dotted}`, via: 'native' };
  }
  if (/^(?:gpt-|chatgpt-|o[1-4](?:-|$))/.test(name)) return { id: `openai/${name}`, via: 'native' };
  if (/^(?:gemini-|gemma-)/.test(name)) return { id: `google/${name}`, via: 'native' };
  return { id: name, via: 'as-is' };
}
