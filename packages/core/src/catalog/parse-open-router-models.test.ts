import { createHash } from 'node:crypto';
import { InvalidResponseDataError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { openRouterEntry } from '../registry/__fixtures__/sample-models.js';
import snapshot from './bundled-catalog.json' with { type: 'json' };
import { loadBundledCatalog } from './load-bundled-catalog.js';
import { supportsJsonOutput, supportsTools, supportsVision } from './model-features.js';
import { parseOpenRouterModels } from './parse-open-router-models.js';
import { trimOpenRouterEntry } from './trim-open-router-entry.js';

const parseOne = (entry: unknown) => parseOpenRouterModels({ data: [entry] });

describe('parseOpenRouterModels: parity (§12.6)', () => {
  it('parses the basic gpt-4.1-mini entry', () => {
    const { models, skipped } = parseOne(
      openRouterEntry('openai/gpt-4.1-mini', {
        name: 'OpenAI: GPT-4.1 Mini',
        context_length: 1_000_000,
        architecture: {
          modality: 'text+image->text',
          input_modalities: ['text', 'image'],
          output_modalities: ['text'],
        },
        pricing: { prompt: '0.0000004', completion: '0.0000016' },
      }),
    );
    expect(skipped).toEqual([]);
    const model = models[0]!;
    expect(model.provider).toBe('openai');
    expect(model.pricing).toEqual({ inputPerMillion: 0.4, outputPerMillion: 1.6 });
    expect(model.contextWindow).toBe(1_000_000);
    expect(model.capabilities).toEqual(expect.arrayContaining(['code', 'vision']));
    expect(model.tier).toBe('budget');
    expect(model.maxOutputTokens).toBe(16_384);
  });
  it('treats missing pricing as unknown, not as free (the original read 0.0)', () => {
    const { models } = parseOne(openRouterEntry('acme/model', { pricing: undefined }));
    expect(models[0]!.pricing).toBeUndefined();
  });
  it('gives an unknown model with $1/M input general and a price tier', () => {
    const { models } = parseOne(
      openRouterEntry('unknown/some-model', { pricing: { prompt: '0.000001', completion: '0.000004' } }),
    );
    expect(models[0]!.capabilities).toEqual(['general']);
    expect(models[0]!.tier).toBe('mid');
  });
});

describe('vision from the architecture (parity §12.6)', () => {
  const vision = (architecture: unknown) =>
    parseOne(openRouterEntry('acme/a', { architecture })).models[0]!.capabilities.includes('vision');
  it('is true for text+image->text', () => {
    expect(vision({ modality: 'text+image->text' })).toBe(true);
    expect(vision({ input_modalities: ['text', 'image'], output_modalities: ['text'] })).toBe(true);
  });
  it('is false for text->text', () => {
    expect(vision({ modality: 'text->text' })).toBe(false);
  });
  it('is false for a missing architecture', () => {
    expect(vision(undefined)).toBe(false);
  });
  it('skips image output read from the modality string', () => {
    expect(parseOne(openRouterEntry('acme/a', { architecture: { modality: 'text->image' } })).models).toEqual(
      [],
    );
  });
});

describe('parseOpenRouterModels: odd entries are skipped or degraded, never a crash', () => {
  it('computes per-million prices exactly from the decimal text', () => {
    const { models } = parseOne(
      openRouterEntry('acme/a', {
        pricing: {
          prompt: '0.0000032',
          completion: '1.5e-5',
          input_cache_read: '0.00000005',
          input_cache_write: '0.00000375',
          request: '0.005',
          web_search: '0.01',
        },
      }),
    );
    expect(models[0]!.pricing).toEqual({
      inputPerMillion: 3.2,
      outputPerMillion: 15,
      cacheReadPerMillion: 0.05,
      cacheWritePerMillion: 3.75,
      perRequest: 0.005,
    });
  });
  it('marks "-1" router prices as unknown', () => {
    const { models } = parseOne(
      openRouterEntry('openrouter/auto', { pricing: { prompt: '-1', completion: '-1' } }),
    );
    expect(models[0]!.pricing).toBeUndefined();
  });
  it.each([['NaN'], ['abc'], [''], ['-0.000001'], ['1e'], ['.']])(
    'marks the price %j as unknown',
    (price) => {
      const { models } = parseOne(
        openRouterEntry('acme/a', { pricing: { prompt: price, completion: '0.000001' } }),
      );
      expect(models[0]!.pricing).toBeUndefined();
    },
  );
  it('drops a bad optional price but keeps the model priced', () => {
    const { models } = parseOne(
      openRouterEntry('acme/a', {
        pricing: { prompt: '0.000001', completion: '0.000002', input_cache_read: 'n/a', request: '0' },
      }),
    );
    expect(models[0]!.pricing).toEqual({ inputPerMillion: 1, outputPerMillion: 2 });
  });
  it('keeps :free variants with zero prices', () => {
    const { models } = parseOne(
      openRouterEntry('acme/a:free', { pricing: { prompt: '0', completion: '0' } }),
    );
    expect(models[0]!.pricing).toEqual({ inputPerMillion: 0, outputPerMillion: 0 });
  });
  it('falls back to top_provider.context_length when context_length is null', () => {
    const { models } = parseOne(
      openRouterEntry('acme/a', { context_length: null, top_provider: { context_length: 32_000 } }),
    );
    expect(models[0]!.contextWindow).toBe(32_000);
    expect(models[0]!.maxOutputTokens).toBeUndefined();
  });
  it('skips an entry without any context length', () => {
    const result = parseOne(openRouterEntry('acme/a', { context_length: null, top_provider: null }));
    expect(result.models).toEqual([]);
    expect(result.skipped).toEqual([{ id: 'acme/a', reason: 'no context length' }]);
  });
  it('treats a null max_completion_tokens as unknown', () => {
    const { models } = parseOne(
      openRouterEntry('acme/a', { top_provider: { context_length: 1000, max_completion_tokens: null } }),
    );
    expect(models[0]!.maxOutputTokens).toBeUndefined();
  });
  it('skips image generation and other non-text output', () => {
    const image = parseOne(
      openRouterEntry('google/gemini-2.5-flash-image', {
        architecture: { input_modalities: ['text', 'image'], output_modalities: ['image', 'text'] },
      }),
    );
    expect(image.models).toEqual([]);
    expect(image.skipped[0]!.reason).toMatch(/generates image/);
    const imageOnly = parseOne(
      openRouterEntry('acme/painter', { architecture: { output_modalities: ['image'] } }),
    );
    expect(imageOnly.skipped[0]!.reason).toMatch(/no text output/);
  });
  it('skips safety classifiers', () => {
    const { skipped } = parseOne(openRouterEntry('meta-llama/llama-guard-4-12b'));
    expect(skipped[0]!.reason).toMatch(/safety classifier/);
  });
  it('skips entries that are not objects, lack an id, or repeat an id', () => {
    const result = parseOpenRouterModels({
      data: [null, 42, { name: 'no id' }, { id: '' }, openRouterEntry('acme/a'), openRouterEntry('acme/a')],
    });
    expect(result.models.map((m) => m.id)).toEqual(['acme/a']);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'entry is not an object',
      'entry is not an object',
      'entry has no string id',
      'empty id',
      'duplicate id',
    ]);
  });
  it('tolerates odd field types and extra fields', () => {
    const { models } = parseOne(
      openRouterEntry('acme/a', {
        name: 12,
        architecture: { input_modalities: ['text', 7], output_modalities: ['text'] },
        supported_parameters: 'tools',
        benchmarks: { x: 1 },
        pricing: { prompt: 0.000001, completion: '0.000002', overrides: [{ prompt: '1' }] },
      }),
    );
    expect(models[0]).toMatchObject({
      name: 'acme/a',
      inputModalities: ['text'],
      supportedParameters: [],
      pricing: { inputPerMillion: 1, outputPerMillion: 2 },
    });
  });
  it('derives the vendor of ~alias ids without the tilde', () => {
    const { models } = parseOne(openRouterEntry('~anthropic/claude-opus-latest'));
    expect(models[0]!.provider).toBe('anthropic');
  });
  it.each([[null], [[]], ['text'], [{ models: [] }], [{ data: 'x' }]])('rejects the body %j', (body) => {
    expect(() => parseOpenRouterModels(body)).toThrow(InvalidResponseDataError);
  });
});

describe('bundled catalog', () => {
  it('is exactly what the parser makes of the bundled snapshot (regenerate with `pnpm generate:catalog`)', () => {
    const parsed = parseOpenRouterModels(snapshot);
    const catalog = loadBundledCatalog();
    // Through JSON, as the committed file went: absent optional fields compare equal to undefined ones.
    expect(catalog.models).toEqual(JSON.parse(JSON.stringify(parsed.models)));
    expect(catalog.skipped).toEqual(parsed.skipped);
    expect(catalog.fetchedAt).toBe(Date.parse(snapshot.fetchedAt));
    expect(catalog.source).toBe(snapshot.source);
    // The parser id is the hash of exactly these models, so a regenerated catalog always gets a new one.
    const lines = catalog.models.map((model) => JSON.stringify(model)).join('\n');
    expect(catalog.parser).toBe(createHash('sha256').update(lines).digest('hex').slice(0, 16));
  });
  it('parses with the same parser and documents every skip', () => {
    const catalog = loadBundledCatalog();
    expect(catalog.models.length).toBeGreaterThan(350);
    expect(new Date(catalog.fetchedAt).toISOString().slice(0, 10)).toBe('2026-08-19');
    for (const skip of catalog.skipped) expect(skip.reason.length).toBeGreaterThan(0);
    expect(catalog.models.find((m) => m.id === 'openrouter/auto')).toBeUndefined(); // outputs images too
    expect(catalog.models.find((m) => m.id === 'openrouter/fusion')!.pricing).toBeUndefined();
    expect(catalog.models.filter((m) => m.id.endsWith(':free')).length).toBeGreaterThan(5);
  });
  it('reads tool and JSON support from supported parameters', () => {
    const { models } = loadBundledCatalog();
    const gpt = models.find((m) => m.id === 'openai/gpt-4.1-mini')!;
    expect(supportsTools(gpt)).toBe(true);
    expect(supportsJsonOutput(gpt)).toBe(true);
    expect(supportsVision(gpt)).toBe(true);
    const bare = { supportedParameters: ['max_tokens'], inputModalities: ['text'], capabilities: [] };
    expect(supportsTools(bare)).toBe(false);
    expect(supportsJsonOutput(bare)).toBe(false);
    expect(supportsVision(bare)).toBe(false);
  });
});

describe('trimOpenRouterEntry', () => {
  it('keeps exactly what the parser reads, so a trimmed entry parses the same', () => {
    const raw = openRouterEntry('acme/a', {
      description: 'long text',
      links: { details: '/x' },
      architecture: { modality: 'text+image->text', tokenizer: 'Other' },
      pricing: { prompt: '0.000001', completion: '0.000002', web_search: '0.01', request: '0.001' },
      top_provider: { context_length: 1000, max_completion_tokens: 100, is_moderated: true },
    });
    const trimmed = trimOpenRouterEntry(raw) as Record<string, unknown>;
    expect(Object.keys(trimmed).sort()).toEqual([
      'architecture',
      'context_length',
      'id',
      'name',
      'pricing',
      'supported_parameters',
      'top_provider',
    ]);
    expect(trimmed.architecture).toEqual({ modality: 'text+image->text' });
    expect(parseOne(trimmed)).toEqual(parseOne(raw));
    expect(trimOpenRouterEntry(7)).toBe(7);
  });
});
