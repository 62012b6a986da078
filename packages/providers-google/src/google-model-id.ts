import table from './google-model-ids.json' with { type: 'json' };

const nativeIds: Readonly<Record<string, string>> = table;

// OpenRouter routing variants (`google/gemma-3-27b-it:free`); none is part of a Gemini API id.
const OPENROUTER_VARIANT = /:(?:free|beta|thinking|extended|nitro|floor|online|exacto)$/;

/**
 * Maps a model id to the id the Gemini API expects, so OpenRouter-style ids work with `createGoogle()` alone:
 * `google/gemini-2.5-pro` (and `google/gemini-2.5-pro:free`) becomes `gemini-2.5-pro`, through
 * `google-model-ids.json` (the `google/` part of the catalog's LiteLLM-derived table, see NOTICE-litellm.md)
 * first and by dropping the prefix and variant suffix otherwise. Ids without the `google/` prefix (native ids,
 * `models/...`, `tunedModels/...`) are returned unchanged unless the table names them.
 */
export function toGoogleModelId(modelId: string): string {
  const prefixed = modelId.startsWith('google/');
  if (!prefixed) return nativeIds[`google/${modelId}`] ?? modelId;
  const bare = modelId.slice('google/'.length).replace(OPENROUTER_VARIANT, '');
  return nativeIds[`google/${bare}`] ?? bare;
}

/**
 * The URL path of a model resource, safe to put between the base URL and `:method`: bare ids get `models/`,
 * `models/x` and `tunedModels/x` are kept as resource names, and anything else (a leftover slash such as
 * `meta-llama/llama-3`, `..`, `?`, `#`) is percent-encoded so the request URL is never broken or redirected to a
 * different path; the API then answers with a plain "model not found".
 */
export function googleModelPath(modelId: string): string {
  const resource = /^(models|tunedModels)\/([^/]+)$/.exec(modelId);
  if (resource !== null && resource[2] !== '.' && resource[2] !== '..') {
    return `${resource[1]}/${encodeURIComponent(resource[2] as string)}`;
  }
  return `models/${encodeURIComponent(modelId)}`;
}
