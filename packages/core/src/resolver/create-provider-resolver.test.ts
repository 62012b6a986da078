import { type LanguageModelV1, LoadApiKeyError, NoSuchProviderError, type ProviderV1 } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { SAMPLE_MODELS } from '../registry/__fixtures__/sample-models.js';
import { createModelRegistry } from '../registry/create-model-registry.js';
import { createProviderResolver } from './create-provider-resolver.js';
import { hasKnownNativeModelId, nativeModelId } from './native-model-id.js';

// A tiny provider that records which native ids it was asked for; `keyMissing` imitates a provider whose API key
// is read lazily at call time.
function fakeProvider(id: string, options: { keyMissing?: boolean } = {}) {
  const requested: string[] = [];
  const provider: ProviderV1 = {
    specificationVersion: 'v1',
    id,
    languageModel(modelId): LanguageModelV1 {
      requested.push(modelId);
      const fail = async () => {
        if (options.keyMissing)
          throw new LoadApiKeyError({ provider: id, environmentVariableName: `${id.toUpperCase()}_API_KEY` });
        throw new Error('not used in these tests');
      };
      return { specificationVersion: 'v1', provider: id, modelId, doGenerate: fail, doStream: fail };
    },
  };
  return { provider, requested };
}

describe('createProviderResolver (parity §12.8 resolver)', () => {
  it('sends anthropic/claude-sonnet-4 to openrouter with the full id when only OpenRouter is configured', () => {
    const openrouter = fakeProvider('openrouter');
    const resolved = createProviderResolver({ providers: { openrouter: openrouter.provider } }).resolve(
      'anthropic/claude-sonnet-4',
    );
    expect(resolved.providerId).toBe('openrouter');
    expect(resolved.nativeModelId).toBe('anthropic/claude-sonnet-4');
    expect(resolved.model.modelId).toBe('anthropic/claude-sonnet-4');
    expect(openrouter.requested).toEqual(['anthropic/claude-sonnet-4']);
  });
  it('sends it to anthropic under its mapped native id when Anthropic is configured', () => {
    const anthropic = fakeProvider('anthropic');
    const resolver = createProviderResolver({
      providers: { anthropic: anthropic.provider, openrouter: fakeProvider('openrouter').provider },
    });
    const resolved = resolver.resolve('anthropic/claude-sonnet-4');
    expect(resolved.providerId).toBe('anthropic');
    // The original stripped naively to "claude-sonnet-4", which Anthropic's API does not serve.
    expect(resolved.nativeModelId).toBe('claude-sonnet-4-20250514');
    expect(resolver.resolve('anthropic/claude-sonnet-4.5').nativeModelId).toBe('claude-sonnet-4-5');
  });
  it('reuses the model object of a full id it resolved before, but expands bare ids afresh', () => {
    const openai = fakeProvider('openai');
    const registry = createModelRegistry({ models: SAMPLE_MODELS });
    const resolver = createProviderResolver({ providers: { openai: openai.provider }, registry });
    const first = resolver.resolve('openai/gpt-4.1-mini');
    expect(resolver.resolve('openai/gpt-4.1-mini')).toBe(first);
    expect(openai.requested).toEqual(['gpt-4.1-mini']);
    resolver.resolve('gpt-4.1-mini');
    resolver.resolve('gpt-4.1-mini');
    expect(openai.requested).toEqual(['gpt-4.1-mini', 'gpt-4.1-mini', 'gpt-4.1-mini']);
  });
  it('sends openai/gpt-4.1-mini to openai as gpt-4.1-mini', () => {
    const openai = fakeProvider('openai');
    const resolved = createProviderResolver({ providers: { openai: openai.provider } }).resolve(
      'openai/gpt-4.1-mini',
    );
    expect(resolved).toMatchObject({ providerId: 'openai', nativeModelId: 'gpt-4.1-mini' });
    expect(resolved.provider).toBe(openai.provider);
  });
  it('sends google/gemini-2.5-flash to google as gemini-2.5-flash', () => {
    const google = fakeProvider('google');
    const resolved = createProviderResolver({ providers: { google: google.provider } }).resolve(
      'google/gemini-2.5-flash',
    );
    expect(resolved).toMatchObject({ providerId: 'google', nativeModelId: 'gemini-2.5-flash' });
  });
  it('falls back to openrouter for a vendor without a direct provider', () => {
    const resolver = createProviderResolver({
      providers: { openai: fakeProvider('openai').provider, openrouter: fakeProvider('openrouter').provider },
    });
    expect(resolver.resolve('anthropic/claude-sonnet-4').providerId).toBe('openrouter');
    expect(resolver.resolve('deepseek/deepseek-r1').providerId).toBe('openrouter');
  });
  it('resolves two openai models to the same provider instance', () => {
    const openai = fakeProvider('openai');
    const resolver = createProviderResolver({ providers: { openai: openai.provider } });
    expect(resolver.resolve('openai/gpt-4.1-mini').provider).toBe(
      resolver.resolve('openai/gpt-4.1').provider,
    );
  });
});

describe('createProviderResolver: OpenRouter-only ids and errors', () => {
  const both = () =>
    createProviderResolver({
      providers: {
        openai: fakeProvider('openai').provider,
        anthropic: fakeProvider('anthropic').provider,
        openrouter: fakeProvider('openrouter').provider,
      },
    });
  it('sends :free/:batch variants and ~aliases to openrouter even when the vendor is registered', () => {
    const resolver = both();
    expect(resolver.resolve('openai/gpt-oss-20b:free')).toMatchObject({
      providerId: 'openrouter',
      nativeModelId: 'openai/gpt-oss-20b:free',
    });
    expect(resolver.resolve('anthropic/claude-opus-4.1:batch').providerId).toBe('openrouter');
    expect(resolver.resolve('~anthropic/claude-opus-latest').providerId).toBe('openrouter');
  });
  it('throws NoSuchProviderError naming what to configure', () => {
    const resolver = createProviderResolver({
      providers: { openai: fakeProvider('openai').provider, google: undefined },
    });
    expect(resolver.providerIds).toEqual(['openai']);
    let error: unknown;
    try {
      resolver.resolve('anthropic/claude-sonnet-4.5');
    } catch (caught) {
      error = caught;
    }
    expect(NoSuchProviderError.isInstance(error)).toBe(true);
    expect((error as NoSuchProviderError).providerId).toBe('anthropic');
    expect((error as Error).message).toBe(
      'Cannot route anthropic/claude-sonnet-4.5: no provider serves "anthropic/claude-sonnet-4.5". Set OPENROUTER_API_KEY or ANTHROPIC_API_KEY (registered: openai).',
    );
    expect(() => resolver.resolve('mistralai/mistral-large')).toThrow(
      /Set OPENROUTER_API_KEY \(registered: openai\)/,
    );
    expect(() => createProviderResolver({ providers: {} }).resolve('gpt-4.1')).toThrow(
      /has no vendor prefix/,
    );
  });
  it('leaves missing keys to the provider, lazily, as LoadApiKeyError', async () => {
    const openrouter = fakeProvider('openrouter', { keyMissing: true });
    const resolved = createProviderResolver({ providers: { openrouter: openrouter.provider } }).resolve(
      'x-ai/grok-4.3',
    );
    await expect(resolved.model.doGenerate({} as never)).rejects.toBeInstanceOf(LoadApiKeyError);
  });
  it('expands a bare id through the registry', () => {
    const openai = fakeProvider('openai');
    const resolver = createProviderResolver({
      providers: { openai: openai.provider },
      registry: createModelRegistry({ models: SAMPLE_MODELS }),
    });
    expect(resolver.resolve('gpt-4.1-mini')).toMatchObject({
      providerId: 'openai',
      modelId: 'openai/gpt-4.1-mini',
      nativeModelId: 'gpt-4.1-mini',
    });
  });
});

describe('nativeModelId', () => {
  it.each([
    ['anthropic', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['anthropic', 'anthropic/claude-opus-4.1', 'claude-opus-4-1'],
    ['anthropic', 'anthropic/claude-3-haiku', 'claude-3-haiku-20240307'],
    ['anthropic', 'anthropic/claude-haiku-4.5', 'claude-haiku-4-5'],
    ['google', 'google/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['openai', 'openai/gpt-4.1', 'gpt-4.1'],
    ['openai', 'openai/gpt-5.2-chat', 'gpt-5.2-chat-latest'],
  ])('maps %s %s → %s from the generated table', (vendor, id, expected) => {
    expect(hasKnownNativeModelId(id)).toBe(true);
    expect(nativeModelId(vendor, id)).toBe(expected);
  });
  it.each([
    ['anthropic', 'anthropic/claude-3.5-haiku', 'claude-3-5-haiku'],
    ['anthropic', 'anthropic/claude-opus-9.1', 'claude-opus-9-1'],
    ['anthropic', 'claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['openai', 'openai/gpt-9.5-mini', 'gpt-9.5-mini'],
    ['google', 'google/gemini-9.0-pro:free', 'gemini-9.0-pro'],
  ])('applies the documented fallback rule to %s %s', (vendor, id, expected) => {
    expect(nativeModelId(vendor, id)).toBe(expected);
  });
});
