import { describe, expect, it } from 'vitest';
import { createModelClassifier, tierFromPrice } from './classify-model.js';
import { loadBundledCatalog } from './load-bundled-catalog.js';
import { MODEL_FAMILIES } from './model-families.js';

const classifier = createModelClassifier();
const priced = (input: number, output: number) => ({ inputPerMillion: input, outputPerMillion: output });
const classify = (id: string, output = 1, modalities: string[] = ['text']) =>
  classifier.classify(id, priced(output / 4, output), modalities);

describe('curated and fallback capabilities (parity §12.6)', () => {
  it('gives the gpt-4.1-mini family code and general', () => {
    expect(classify('openai/gpt-4.1-mini').capabilities).toEqual(expect.arrayContaining(['code', 'general']));
  });
  it('makes o3 a flagship with reasoning and math', () => {
    const o3 = classify('openai/o3');
    expect(o3.tier).toBe('flagship');
    expect(o3.capabilities).toEqual(expect.arrayContaining(['reasoning', 'math']));
  });
  it('matches o3-mini to its own family (mid), not o3', () => {
    expect(classify('openai/o3-mini').tier).toBe('mid');
    expect(classifier.matchFamily('openai/o3-mini')?.pattern).toBe('o3-mini');
  });
  it('gives deepseek-r1 reasoning at tier mid', () => {
    const r1 = classify('deepseek/deepseek-r1');
    expect(r1.capabilities).toContain('reasoning');
    expect(r1.tier).toBe('mid');
  });
  it('finds no family for some/unknown-model', () => {
    expect(classifier.matchFamily('some/unknown-model')).toBeUndefined();
    expect(classify('some/unknown-model').family).toBeUndefined();
  });
  it('gives the fallback for some/code-model code', () => {
    expect(classify('some/code-model').capabilities).toContain('code');
  });
  it('gives the fallback for an unknown id general', () => {
    expect(classify('some/unknown-model').capabilities).toEqual(['general']);
  });
  it('finds no family for some/bolt-101 and no reasoning in its fallback', () => {
    expect(classifier.matchFamily('some/bolt-101')).toBeUndefined();
    expect(classify('some/bolt-101').capabilities).not.toContain('reasoning');
  });
  it('reads reasoning keywords (r1, thinking, qwq, reason) and math', () => {
    expect(classify('acme/foo-r1-distill').capabilities).toEqual(
      expect.arrayContaining(['reasoning', 'math']),
    );
    expect(classify('acme/foo-thinking').capabilities).toContain('reasoning');
    expect(classify('acme/qwq-32b').capabilities).toContain('math');
    expect(classify('acme/deep-reasoner').capabilities).toContain('reasoning');
    expect(classify('acme/mathstral').capabilities).toContain('math');
    expect(classify('qwen/qwen-plus:thinking').capabilities).toContain('reasoning');
    // r1 only as a word: "bolt-r10" is not a reasoning model.
    expect(classify('acme/bolt-r10').capabilities).not.toContain('reasoning');
  });
  it('adds vision from image input', () => {
    expect(classify('acme/foo', 1, ['text', 'image']).capabilities).toContain('vision');
    expect(classify('acme/foo', 1, ['text']).capabilities).not.toContain('vision');
  });
});

describe('price-derived tier (output price per million)', () => {
  it('follows the documented thresholds', () => {
    expect(tierFromPrice(priced(5, 15))).toBe('flagship');
    expect(tierFromPrice(priced(1, 10))).toBe('flagship');
    expect(tierFromPrice(priced(0.5, 2))).toBe('mid');
    expect(tierFromPrice(priced(0.5, 1))).toBe('mid');
    expect(tierFromPrice(priced(0.1, 0.4))).toBe('budget');
    expect(tierFromPrice(undefined)).toBe('budget');
    expect(tierFromPrice(priced(0, 0))).toBe('budget');
  });
  it('decides the tier of unknown ids', () => {
    expect(classify('unknown/some-model', 15).tier).toBe('flagship');
    expect(classify('unknown/some-model', 2).tier).toBe('mid');
    expect(classify('unknown/some-model', 0.1).tier).toBe('budget');
  });
});

describe('tiers of current models (the original mis-tiered these, spec §3.3)', () => {
  const { models } = loadBundledCatalog();
  const tierOf = (id: string) => {
    const model = models.find((m) => m.id === id);
    if (!model) throw new Error(`${id} is not in the bundled catalog`);
    return model.tier;
  };
  it.each([
    ['openai/gpt-5', 'flagship'],
    ['openai/gpt-5.4', 'flagship'],
    ['openai/gpt-5-mini', 'mid'],
    ['openai/gpt-5-nano', 'budget'],
    ['openai/gpt-5-pro', 'flagship'],
    ['openai/gpt-4.1', 'mid'],
    ['openai/gpt-4.1-mini', 'budget'],
    ['openai/gpt-4.1-nano', 'budget'],
    ['openai/gpt-4o', 'mid'],
    ['openai/gpt-4o-mini', 'budget'],
    ['openai/o1', 'flagship'],
    ['openai/o3-pro', 'flagship'],
    ['openai/o4-mini', 'mid'],
    ['anthropic/claude-opus-4.1', 'flagship'],
    ['anthropic/claude-opus-4.7-fast', 'flagship'],
    ['anthropic/claude-sonnet-4.5', 'flagship'],
    ['anthropic/claude-haiku-4.5', 'mid'],
    ['anthropic/claude-3-haiku', 'budget'],
    ['google/gemini-2.5-pro', 'flagship'],
    ['google/gemini-2.5-flash', 'budget'],
    ['google/gemini-2.5-flash-lite', 'budget'],
    ['google/gemini-3-flash-preview', 'mid'],
    ['google/gemini-3.1-flash-lite', 'budget'],
    ['deepseek/deepseek-r1', 'mid'],
    ['deepseek/deepseek-chat', 'budget'],
    ['meta-llama/llama-4-maverick', 'budget'],
    ['mistralai/mistral-large', 'mid'],
    ['mistralai/codestral-2508', 'mid'],
    ['x-ai/grok-4.3', 'flagship'],
    ['cohere/command-a', 'mid'],
    ['amazon/nova-micro-v1', 'budget'],
    ['moonshotai/kimi-k2', 'mid'],
    ['z-ai/glm-4.5-air', 'budget'],
    ['~anthropic/claude-opus-latest', 'flagship'],
  ])('%s is %s', (id, tier) => {
    expect(tierOf(id)).toBe(tier);
  });
  it('gives the o-series, deepseek-r1 and gpt-5 reasoning and math (the original gave o1 only general)', () => {
    for (const id of ['openai/o1', 'openai/o3', 'deepseek/deepseek-r1', 'openai/gpt-5']) {
      const model = models.find((m) => m.id === id)!;
      expect(model.capabilities, id).toEqual(expect.arrayContaining(['reasoning', 'math']));
    }
    const coder = models.find((m) => m.id === 'qwen/qwen3-coder')!;
    expect(coder.capabilities).toContain('code');
  });
  it('lowers the tier of an unlisted size variant', () => {
    expect(classify('anthropic/claude-opus-9-mini', 20).tier).toBe('mid');
    expect(classify('openai/gpt-4o-nano', 20).tier).toBe('budget');
  });
});

describe('the family table', () => {
  it('compiles and starts every pattern with two literal characters (the lookup buckets rely on it)', () => {
    for (const family of MODEL_FAMILIES) {
      expect(() => new RegExp(family.pattern), family.pattern).not.toThrow();
      expect(family.pattern.slice(0, 2), family.pattern).toMatch(/^[a-z0-9-]{2}$/);
    }
  });
  it('lets the most specific match win regardless of table order', () => {
    const reversed = createModelClassifier([...MODEL_FAMILIES].reverse());
    for (const id of [
      'openai/gpt-4.1-nano',
      'openai/gpt-5.1-codex-mini',
      'google/gemini-2.5-flash-lite',
      'openai/o3-mini-high',
    ]) {
      expect(reversed.classify(id, undefined).tier, id).toBe(classifier.classify(id, undefined).tier);
    }
  });
});
