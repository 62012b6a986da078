import {
  ApiCallError,
  InvalidArgumentError,
  InvalidResponseDataError,
  NoSuchModelError,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import bundledSnapshot from '../catalog/bundled-catalog.json' with { type: 'json' };
import { loadBundledCatalog } from '../catalog/load-bundled-catalog.js';
import { openRouterEntry, SAMPLE_MODELS } from './__fixtures__/sample-models.js';
import { type CatalogCache, type CatalogCacheEntry, createModelRegistry } from './create-model-registry.js';

const sample = () => createModelRegistry({ models: SAMPLE_MODELS });

function liveBody() {
  return {
    data: [
      openRouterEntry('openai/gpt-4.1-mini', { pricing: { prompt: '0.0000004', completion: '0.0000016' } }),
      openRouterEntry('anthropic/claude-sonnet-4.5', {
        pricing: { prompt: '0.000003', completion: '0.000015' },
        description: 'dropped from the cache',
      }),
    ],
  };
}

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, init: init ?? {} });
    return respond(url, init ?? {});
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function memoryCache(initial?: CatalogCacheEntry) {
  let entry = initial;
  const writes: CatalogCacheEntry[] = [];
  const cache: CatalogCache = {
    read: async () => entry,
    write: async (next) => {
      writes.push(next);
      entry = next;
    },
  };
  return { cache, writes };
}

describe('ModelRegistry queries (parity §12.6)', () => {
  it('gets gpt-4.1-mini with provider openai', () => {
    expect(sample().get('openai/gpt-4.1-mini')?.provider).toBe('openai');
  });
  it('returns undefined for a missing id and require() throws NoSuchModelError', () => {
    const registry = sample();
    expect(registry.get('nope/model')).toBeUndefined();
    expect(() => registry.require('nope/model')).toThrow(NoSuchModelError);
    expect(registry.require('openai/o3').id).toBe('openai/o3');
  });
  it('filters by capability', () => {
    const found = sample().find({ capability: 'code' });
    expect(found.length).toBeGreaterThanOrEqual(3);
    for (const model of found) expect(model.capabilities).toContain('code');
  });
  it('filters by tier', () => {
    const found = sample().find({ tier: 'flagship' });
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const model of found) expect(model.tier).toBe('flagship');
  });
  it('respects maxInputPrice', () => {
    for (const model of sample().find({ maxInputPrice: 1 })) {
      expect(model.pricing!.inputPerMillion).toBeLessThanOrEqual(1);
    }
  });
  it('sorts by input price ascending, ties in catalog order', () => {
    const prices = sample()
      .find()
      .map((m) => m.pricing!.inputPerMillion);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });
  it('finds a cheapest model at ≤ $0.20', () => {
    expect(sample().cheapest()!.pricing!.inputPerMillion).toBeLessThanOrEqual(0.2);
  });
  it('finds the cheapest reasoning model', () => {
    expect(sample().cheapest({ capability: 'reasoning' })!.capabilities).toContain('reasoning');
  });
  it('filters by several capabilities', () => {
    const found = sample().find({ capabilities: ['code', 'reasoning'] });
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const model of found)
      expect(model.capabilities).toEqual(expect.arrayContaining(['code', 'reasoning']));
    const cheapest = sample().cheapest({ capabilities: ['code', 'reasoning'] })!;
    expect(cheapest.pricing!.inputPerMillion).toBeLessThanOrEqual(found[0]!.pricing!.inputPerMillion);
  });
  it('lists all 7 models', () => {
    expect(sample().models()).toHaveLength(7);
    expect(sample().source).toBe('local');
  });
  it('searches ids and names, limits, and filters by context', () => {
    const registry = sample();
    expect(registry.find({ search: 'CLAUDE' }).map((m) => m.id)).toEqual([
      'anthropic/claude-sonnet-4',
      'anthropic/claude-opus-4',
    ]);
    expect(registry.find({ search: 'deepseek v3' }).map((m) => m.id)).toEqual(['deepseek/deepseek-chat']);
    expect(registry.find({ limit: 2 })).toHaveLength(2);
    expect(registry.find({ minContext: 500_000 }).every((m) => m.contextWindow >= 500_000)).toBe(true);
    expect(registry.find({ capability: 'vision' }).map((m) => m.id)).not.toContain('openai/o3');
  });
  it('excludes free and unpriced models unless asked', () => {
    const registry = createModelRegistry({
      models: [
        { ...SAMPLE_MODELS[0]!, id: 'acme/free:free', pricing: { inputPerMillion: 0, outputPerMillion: 0 } },
        { ...SAMPLE_MODELS[0]!, id: 'acme/unknown', pricing: undefined },
        SAMPLE_MODELS[1]!,
      ],
    });
    expect(registry.find().map((m) => m.id)).toEqual(['openai/gpt-4.1']);
    expect(registry.find({ includeFree: true }).map((m) => m.id)).toEqual([
      'acme/free:free',
      'openai/gpt-4.1',
    ]);
    expect(registry.find({ includeUnpriced: true }).map((m) => m.id)).toEqual([
      'openai/gpt-4.1',
      'acme/unknown',
    ]);
    expect(registry.cheapest()!.id).toBe('openai/gpt-4.1');
  });
});

describe('catalog sources', () => {
  it('starts synchronously from the bundled snapshot', () => {
    const registry = createModelRegistry();
    expect(registry.source).toBe('bundled');
    expect(registry.models().length).toBeGreaterThan(350);
    expect(registry.get('openai/gpt-5')?.tier).toBe('flagship');
  });

  it('loads the live catalog through an injected fetch (parity: 2 entries) and writes the cache', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json(liveBody()));
    const { cache, writes } = memoryCache();
    const registry = createModelRegistry({ fetch, cache, now: () => 5_000, apiKey: 'sk-or-secret' });
    const result = await registry.refresh({ acceptSmaller: true });
    expect(result).toEqual({
      ok: true,
      source: 'live',
      count: 2,
      smaller: { live: 2, current: loadBundledCatalog().models.length },
    });
    expect(registry.source).toBe('live');
    expect(registry.fetchedAt).toBe(5_000);
    expect(registry.get('anthropic/claude-sonnet-4.5')?.pricing?.outputPerMillion).toBe(15);
    expect(calls[0]!.url).toBe('https://openrouter.ai/api/v1/models');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer sk-or-secret');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.fetchedAt).toBe(5_000);
    expect(writes[0]!.parser).toBe(loadBundledCatalog().parser);
    expect(writes[0]!.models?.map((m) => m.id)).toEqual(registry.models().map((m) => m.id));
    expect(JSON.stringify(writes[0]!.body)).not.toContain('dropped from the cache');
    // Taken on purpose, but still said: 2 models replace ~400.
    expect(registry.warnings).toEqual([expect.stringMatching(/lists only 2 models.*replaces it/)]);
  });

  it('does not let a background refresh swap the catalog for a much smaller one (issue #17.9)', async () => {
    const { fetch } = fakeFetch(() => Response.json(liveBody()));
    const { cache, writes } = memoryCache();
    const located: CatalogCache = { ...cache, location: '/home/ana/.cache/tokenwise/models.json' };
    const registry = createModelRegistry({ fetch, cache: located, baseURL: 'http://127.0.0.1:4000/api/v1' });
    const bundledCount = registry.models().length;
    const result = await registry.refresh();
    expect(result).toMatchObject({
      ok: false,
      source: 'bundled',
      smaller: { live: 2, current: bundledCount },
    });
    expect(registry.source).toBe('bundled');
    expect(registry.models()).toHaveLength(bundledCount);
    expect(writes).toHaveLength(0);
    expect(registry.warnings).toEqual([
      `The catalog from http://127.0.0.1:4000/api/v1/models lists only 2 models, far fewer than the ${bundledCount} of the bundled catalog in use; keeping the bundled catalog and leaving the cache file /home/ana/.cache/tokenwise/models.json unchanged.`,
    ]);
  });

  it('serves the whole OpenRouter snapshot through refresh() exactly like the bundled catalog', async () => {
    const { fetch } = fakeFetch(() => Response.json(bundledSnapshot));
    const registry = createModelRegistry({ fetch });
    const bundled = registry.models();
    await registry.refresh();
    expect(registry.source).toBe('live');
    expect(registry.models()).toEqual(bundled);
  });

  it('sends no Authorization header without a key and honours baseURL', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json(liveBody()));
    await createModelRegistry({ fetch, baseURL: 'http://127.0.0.1:9/api/v1/' }).refresh();
    expect(calls[0]!.url).toBe('http://127.0.0.1:9/api/v1/models');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it.each([
    ['a 500', () => new Response('upstream down', { status: 500 }), /HTTP 500/, ApiCallError],
    [
      'invalid JSON',
      () => new Response('<html>', { status: 200 }),
      /did not return JSON/,
      InvalidResponseDataError,
    ],
    [
      'a wrong shape',
      () => Response.json({ models: [] }),
      /not an object with a "data" array/,
      InvalidResponseDataError,
    ],
    [
      'no usable models',
      () => Response.json({ data: [{ id: 'x' }] }),
      /no usable models/,
      InvalidResponseDataError,
    ],
    [
      'a network error',
      () => {
        throw new TypeError('fetch failed');
      },
      /Network error.*fetch failed/,
      ApiCallError,
    ],
  ])(
    'falls back to the bundled catalog with one warning on %s',
    async (_name, respond, pattern, errorClass) => {
      const { fetch } = fakeFetch(respond);
      const seen: string[] = [];
      const registry = createModelRegistry({
        fetch,
        onWarning: (message) => seen.push(message),
        apiKey: 'sk-or-secret',
      });
      const before = registry.models();
      const result = await registry.refresh();
      expect(result.ok).toBe(false);
      expect(result.error).toBeInstanceOf(errorClass);
      expect(registry.source).toBe('bundled');
      expect(registry.models()).toBe(before);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(pattern);
      expect(seen[0]).toMatch(/keeping the bundled catalog of 2026-08-19/);
      expect(seen[0]).not.toContain('sk-or-secret');
      expect(registry.warnings).toEqual(seen);
      await expect(registry.refresh({ throwOnError: true })).rejects.toBeInstanceOf(errorClass);
      // A server refreshing every TTL while offline says so once, not once per attempt.
      await registry.refresh();
      expect(seen).toHaveLength(1);
    },
  );

  it('keeps a fresh cache when a later refresh fails', async () => {
    const { cache } = memoryCache({ fetchedAt: 1_000, body: liveBody() });
    const { fetch } = fakeFetch(() => new Response('', { status: 503 }));
    const registry = createModelRegistry({ cache, fetch, now: () => 2_000 });
    await registry.ready();
    expect(registry.source).toBe('cache');
    await registry.refresh();
    expect(registry.source).toBe('cache');
    expect(registry.models()).toHaveLength(2);
    expect(registry.warnings[0]).toMatch(/keeping the cache catalog/);
  });

  it('installs cached parsed models as they are when this parser wrote them, else parses the raw entries', async () => {
    const cachedModel = { ...createModelRegistry().get('openai/gpt-5')!, id: 'openai/only-in-parsed' };
    const untouchable = {
      fetchedAt: 0,
      models: [cachedModel],
      parser: loadBundledCatalog().parser,
      get body(): unknown {
        throw new Error('the raw entries were read');
      },
    };
    const same = createModelRegistry({ cache: memoryCache(untouchable).cache, now: () => 1 });
    await same.ready();
    expect(same.source).toBe('cache');
    expect(same.models().map((m) => m.id)).toEqual(['openai/only-in-parsed']);

    for (const entry of [
      { fetchedAt: 0, body: liveBody(), models: [cachedModel], parser: 'another-parser' },
      { fetchedAt: 0, body: liveBody(), models: [{ id: 'junk' }], parser: loadBundledCatalog().parser },
    ]) {
      const other = createModelRegistry({ cache: memoryCache(entry as never).cache, now: () => 1 });
      await other.ready();
      expect(other.source).toBe('cache');
      expect(other.get('openai/only-in-parsed')).toBeUndefined();
      expect(other.get('anthropic/claude-sonnet-4.5')).toBeDefined();
    }
  });

  it('uses a cache younger than the TTL and ignores a stale one', async () => {
    const fresh = createModelRegistry({
      cache: memoryCache({ fetchedAt: 0, body: liveBody() }).cache,
      ttlSeconds: 60,
      now: () => 59_999,
    });
    await fresh.ready();
    expect(fresh.source).toBe('cache');
    expect(fresh.fetchedAt).toBe(0);

    const stale = createModelRegistry({
      cache: memoryCache({ fetchedAt: 0, body: liveBody() }).cache,
      ttlSeconds: 60,
      now: () => 60_000,
    });
    await stale.ready();
    expect(stale.source).toBe('bundled');
  });

  it('refreshes on ready() only when asked and when no fresh cache exists', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json(bundledSnapshot));
    const registry = createModelRegistry({ fetch, refreshOnReady: true, now: () => 10 });
    await registry.ready();
    await registry.ready();
    expect(calls).toHaveLength(1);
    expect(registry.source).toBe('live');

    const idle = fakeFetch(() => Response.json(liveBody()));
    await createModelRegistry({ fetch: idle.fetch }).ready();
    expect(idle.calls).toHaveLength(0);
  });

  it('warns once about an unreadable or invalid cache and keeps the bundled catalog', async () => {
    const broken = createModelRegistry({
      cache: {
        read: async () => {
          throw new Error('EACCES');
        },
        write: async () => {},
      },
    });
    await broken.ready();
    expect(broken.source).toBe('bundled');
    expect(broken.warnings).toEqual([
      expect.stringMatching(/Could not read the model catalog cache \(EACCES\)/),
    ]);

    const invalid = createModelRegistry({
      cache: memoryCache({ fetchedAt: Date.now(), body: 'junk' }).cache,
    });
    await invalid.ready();
    expect(invalid.source).toBe('bundled');
    expect(invalid.warnings).toHaveLength(1);
  });

  it('shares one in-flight refresh between concurrent callers', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json(liveBody()));
    const registry = createModelRegistry({ fetch });
    await Promise.all([registry.refresh(), registry.refresh()]);
    expect(calls).toHaveLength(1);
  });

  it('passes an abort signal through', async () => {
    const { fetch, calls } = fakeFetch((_url, init) => {
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return Response.json(liveBody());
    });
    const controller = new AbortController();
    controller.abort();
    const result = await createModelRegistry({ fetch }).refresh({ signal: controller.signal });
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
    expect(result.ok).toBe(false);
  });

  it('still uses the live catalog when writing the cache fails', async () => {
    const { fetch } = fakeFetch(() => Response.json(liveBody()));
    const registry = createModelRegistry({
      fetch,
      cache: {
        read: async () => undefined,
        write: async () => {
          throw new Error('ENOSPC');
        },
      },
    });
    expect((await registry.refresh({ acceptSmaller: true })).ok).toBe(true);
    expect(registry.source).toBe('live');
    expect(registry.warnings).toEqual([expect.stringMatching(/lists only/), expect.stringMatching(/ENOSPC/)]);
  });
});

describe('local models YAML (replaces the catalog)', () => {
  const yaml = `models:
  - id: test/model-a
    name: Model A
    provider: test
    input_price: 1.0
    output_price: 2.0
    context_window: 8192
    capabilities: [code]
    tier: budget
`;
  it('loads a file with one model (parity)', async () => {
    const registry = createModelRegistry({ localModelsYaml: yaml });
    expect(registry.models()).toHaveLength(1);
    expect(registry.get('test/model-a')).toMatchObject({
      name: 'Model A',
      pricing: { inputPerMillion: 1, outputPerMillion: 2 },
      contextWindow: 8192,
      capabilities: ['code'],
      tier: 'budget',
    });
    expect(registry.source).toBe('local');
    const { fetch, calls } = fakeFetch(() => Response.json(liveBody()));
    const local = createModelRegistry({ localModelsYaml: yaml, fetch });
    expect((await local.refresh()).ok).toBe(true);
    expect(calls).toHaveLength(0);
    expect(local.source).toBe('local');
  });
  it('throws InvalidArgumentError for malformed YAML', () => {
    expect(() => createModelRegistry({ localModelsYaml: 'models: [', localModelsPath: 'my.yaml' })).toThrow(
      /Invalid models file my.yaml: not valid YAML/,
    );
    expect(() => createModelRegistry({ localModelsYaml: 'other: 1', localModelsPath: 'my.yaml' })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('model overrides', () => {
  it('applies tier, capabilities and prices by exact id, to every source', async () => {
    const overrides = {
      'anthropic/claude-sonnet-4.5': { tier: 'mid' as const, capabilities: ['code' as const], inputPrice: 2 },
      'missing/model': { tier: 'budget' as const },
    };
    const { fetch } = fakeFetch(() => Response.json(liveBody()));
    const registry = createModelRegistry({ fetch, overrides });
    expect(registry.get('anthropic/claude-sonnet-4.5')?.tier).toBe('mid');
    await registry.refresh({ acceptSmaller: true });
    expect(registry.get('anthropic/claude-sonnet-4.5')).toMatchObject({
      tier: 'mid',
      capabilities: ['code'],
      pricing: { inputPerMillion: 2, outputPerMillion: 15 },
    });
    expect(registry.warnings.filter((w) => w.includes('missing/model'))).toHaveLength(2);
    const local = createModelRegistry({
      localModelsYaml: 'models:\n  - id: test/a\n    input_price: 1\n    output_price: 2\n',
      overrides: { 'test/a': { contextWindow: 99_000, outputPrice: 3 } },
    });
    expect(local.get('test/a')).toMatchObject({ contextWindow: 99_000, pricing: { outputPerMillion: 3 } });
  });
});
