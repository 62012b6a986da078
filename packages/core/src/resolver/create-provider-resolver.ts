import { type LanguageModelV1, NoSuchProviderError, type ProviderV1 } from '@tokenwise/spec';
import type { ModelRegistry } from '../registry/create-model-registry.js';
import { nativeModelId } from './native-model-id.js';

/** Where a model id goes: which provider, under which id. */
export interface ResolvedModel {
  /** The registered provider key, e.g. `anthropic` or `openrouter`. */
  providerId: string;
  /** The id sent to that provider (native for direct vendors, the full catalog id for OpenRouter). */
  nativeModelId: string;
  /** The catalog id that was resolved (a bare id is expanded through the registry when possible). */
  modelId: string;
  provider: ProviderV1;
  model: LanguageModelV1;
}

/** Maps catalog model ids to providers. */
export interface ProviderResolver {
  /**
   * @throws NoSuchProviderError when neither the model's vendor nor `openrouter` is registered; the message
   * names the environment variables to set. A missing API key surfaces later, lazily, as the provider's
   * LoadApiKeyError.
   */
  resolve(modelId: string): ResolvedModel;
  /** The registered provider keys. */
  readonly providerIds: readonly string[];
}

/** Options of {@link createProviderResolver}. */
export interface ProviderResolverOptions {
  /**
   * Providers by vendor key (`openai`, `anthropic`, `google`, `openrouter`, or any other vendor prefix).
   * Register a direct vendor only when its key is configured: a registered vendor takes all its models.
   */
  providers: Readonly<Record<string, ProviderV1 | undefined>>;
  /** Used to expand bare ids (`gpt-4.1-mini` → `openai/gpt-4.1-mini`). */
  registry?: ModelRegistry;
}

/** How many resolved models are kept for reuse (more than any catalog has; the cache restarts when full). */
const MAX_CACHED_MODELS = 2048;

const KEY_HINTS: Readonly<Record<string, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GOOGLE_API_KEY',
};

/**
 * Creates the resolver (spec §8.1, improved): a model whose vendor has a registered direct provider goes there
 * under its mapped NATIVE id; everything else goes to `openrouter` under the full catalog id. OpenRouter-only
 * ids also go to OpenRouter even when the vendor is registered: `:free`/`:batch` style variants (a vendor
 * API would bill the normal price or reject them) and `~vendor/...-latest` aliases.
 */
export function createProviderResolver(options: ProviderResolverOptions): ProviderResolver {
  const providers = new Map<string, ProviderV1>();
  for (const [key, provider] of Object.entries(options.providers)) {
    if (provider) providers.set(key, provider);
  }
  const providerIds = [...providers.keys()];

  function expand(modelId: string): string {
    if (modelId.includes('/') || !options.registry) return modelId;
    const suffix = `/${modelId}`;
    const match = options.registry.models().find((model) => model.id.endsWith(suffix));
    return match ? match.id : modelId;
  }

  // Model objects are immutable and cheap but not free (the proxy resolves on every request); resolutions of
  // full ids are reused (a bare id's expansion follows the registry, which refreshes). Bounded: ids come from clients.
  const cache = new Map<string, ResolvedModel>();

  function resolveUncached(requested: string): ResolvedModel {
    const modelId = expand(requested.trim());
    const slash = modelId.indexOf('/');
    const vendor = slash > 0 ? modelId.slice(0, slash) : '';
    const openRouterOnly = modelId.includes(':') || vendor.startsWith('~');
    const direct = vendor && !openRouterOnly ? providers.get(vendor) : undefined;
    if (direct && vendor !== 'openrouter') {
      const nativeId = nativeModelId(vendor, modelId);
      return {
        providerId: vendor,
        nativeModelId: nativeId,
        modelId,
        provider: direct,
        model: direct.languageModel(nativeId),
      };
    }
    const openrouter = providers.get('openrouter');
    if (openrouter) {
      return {
        providerId: 'openrouter',
        nativeModelId: modelId,
        modelId,
        provider: openrouter,
        model: openrouter.languageModel(modelId),
      };
    }
    const hint = KEY_HINTS[vendor];
    const what =
      vendor === '' ? `model id "${modelId}" has no vendor prefix` : `no provider serves "${modelId}"`;
    throw new NoSuchProviderError({
      providerId: vendor || modelId,
      availableProviders: providerIds,
      message: `Cannot route ${modelId}: ${what}. Set OPENROUTER_API_KEY${hint && !openRouterOnly ? ` or ${hint}` : ''} (registered: ${providerIds.join(', ') || 'none'}).`,
    });
  }

  return {
    providerIds,
    resolve(requested) {
      let resolved = cache.get(requested);
      if (resolved === undefined) {
        resolved = resolveUncached(requested);
        if (!requested.includes('/')) return resolved;
        if (cache.size >= MAX_CACHED_MODELS) cache.clear();
        cache.set(requested, resolved);
      }
      return resolved;
    },
  };
}
