import { type ModelInfo, tierRank, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { sampleModel, sampleModels } from './__fixtures__/sample-models.js';
import { fallbackCandidates, nextCandidates } from './next-candidates.js';

const models = sampleModels();
const byId = (id: string): ModelInfo => models.find((model) => model.id === id)!;
const ids = (list: readonly ModelInfo[]) => list.map((model) => model.id);

describe('nextCandidates', () => {
  it('climbs tier by tier, cheapest first within a tier, never downward', () => {
    const next = nextCandidates(models, {
      current: byId('deepseek/deepseek-chat'),
      capabilities: ['code'],
      inputTokens: 500,
    });
    expect(ids(next)).toEqual([
      'openai/gpt-4.1',
      'anthropic/claude-sonnet-4',
      'openai/o3',
      'anthropic/claude-opus-4',
    ]);
    const ranks = next.map((model) => tierRank(model.tier));
    expect([...ranks].sort()).toEqual(ranks);
    expect(ranks.every((rank) => rank > 0)).toBe(true);
  });

  it('returns nothing above a flagship', () => {
    expect(nextCandidates(models, { current: byId('anthropic/claude-opus-4'), inputTokens: 100 })).toEqual(
      [],
    );
  });

  it('includes other models of the same tier only when asked', () => {
    const next = nextCandidates(models, {
      current: byId('deepseek/deepseek-chat'),
      inputTokens: 100,
      strictlyHigherTier: false,
    });
    expect(ids(next).slice(0, 2)).toEqual(['google/gemini-2.5-flash', 'openai/gpt-4.1-mini']);
    expect(ids(next)).not.toContain('deepseek/deepseek-chat');
  });

  it('keeps the required capabilities', () => {
    const next = nextCandidates(models, {
      current: byId('openai/gpt-4.1-mini'),
      capabilities: ['math'],
      inputTokens: 100,
    });
    expect(ids(next)).toEqual(['openai/o3']);
  });

  it('keeps only what the remaining budget can pay (input + minOutputTokens)', () => {
    // 1000 input + 100 output: gpt-4.1 $0.0028, sonnet $0.0045, o3 $0.014, opus $0.0225.
    const next = nextCandidates(models, {
      current: byId('deepseek/deepseek-chat'),
      inputTokens: 1000,
      remainingBudget: usd('0.0045'),
    });
    expect(ids(next)).toEqual(['openai/gpt-4.1', 'anthropic/claude-sonnet-4']);
    const none = nextCandidates(models, {
      current: byId('deepseek/deepseek-chat'),
      inputTokens: 1000,
      remainingBudget: usd('0.0028') - 1n,
    });
    expect(none).toEqual([]);
  });

  it('orders by expected output when given', () => {
    const cheapOutput = sampleModel(
      'x/mid-cheap-out',
      { inputPerMillion: 3, outputPerMillion: 1 },
      100_000,
      ['general'],
      'mid',
    );
    const list = [...models, cheapOutput];
    const short = nextCandidates(list, { current: byId('deepseek/deepseek-chat'), inputTokens: 1000 });
    expect(ids(short)[0]).toBe('openai/gpt-4.1');
    const long = nextCandidates(list, {
      current: byId('deepseek/deepseek-chat'),
      inputTokens: 1000,
      expectedOutputTokens: 4000,
    });
    expect(ids(long)[0]).toBe(cheapOutput.id);
  });

  it('skips unpriced, free and too-small models unless allowed', () => {
    const unpriced = sampleModel('x/unpriced', undefined, 100_000, ['general'], 'mid');
    const free = sampleModel(
      'x/free:free',
      { inputPerMillion: 0, outputPerMillion: 0 },
      100_000,
      ['general'],
      'mid',
    );
    const tiny = sampleModel('x/tiny', { inputPerMillion: 1, outputPerMillion: 1 }, 500, ['general'], 'mid');
    const list = [...models, unpriced, free, tiny];
    const current = byId('deepseek/deepseek-chat');
    const base = ids(nextCandidates(list, { current, inputTokens: 1000 }));
    expect(base).not.toContain(unpriced.id);
    expect(base).not.toContain(free.id);
    expect(base).not.toContain(tiny.id);
    const opted = ids(
      nextCandidates(list, { current, inputTokens: 1000, allowFree: true, allowUnpriced: true }),
    );
    expect(opted[0]).toBe(free.id);
    expect(opted).toContain(unpriced.id);
    expect(
      ids(nextCandidates(list, { current, inputTokens: 1000, allowUnpriced: true, remainingBudget: usd(1) })),
    ).not.toContain(unpriced.id);
  });
});

describe('fallbackCandidates', () => {
  it('tries the same tier first, then higher tiers, and puts the failed vendor last within a tier', () => {
    const next = fallbackCandidates(models, { current: byId('openai/gpt-4.1'), inputTokens: 500 });
    expect(ids(next)).toEqual(['anthropic/claude-sonnet-4', 'anthropic/claude-opus-4', 'openai/o3']);
  });

  it('never goes below the current tier without minTier, and never below minTier with it', () => {
    const current = byId('anthropic/claude-sonnet-4');
    expect(
      ids(fallbackCandidates(models, { current, inputTokens: 500 })).every(
        (id) => tierRank(byId(id).tier) >= 1,
      ),
    ).toBe(true);
    const relaxed = fallbackCandidates(models, { current, inputTokens: 500, minTier: 'budget' });
    expect(ids(relaxed)).toEqual([
      'openai/gpt-4.1',
      'openai/o3',
      'anthropic/claude-opus-4',
      'deepseek/deepseek-chat',
      'google/gemini-2.5-flash',
      'openai/gpt-4.1-mini',
    ]);
    const strict = fallbackCandidates(models, {
      current: byId('openai/gpt-4.1-mini'),
      inputTokens: 500,
      minTier: 'mid',
    });
    expect(strict.every((model) => tierRank(model.tier) >= 1)).toBe(true);
  });

  it('excludes every failed id and respects the budget', () => {
    const next = fallbackCandidates(models, {
      current: byId('openai/gpt-4.1'),
      failed: ['anthropic/claude-sonnet-4'],
      inputTokens: 1000,
      remainingBudget: usd('0.02'),
    });
    expect(ids(next)).toEqual(['openai/o3']);
  });
});
