import {
  type Capability,
  type Complexity,
  InvalidArgumentError,
  type Message,
  type ModelInfo,
  NoRouteError,
  RiskGateBlockedError,
  type Scenario,
  tierRank,
  usd,
} from '@tokenwise/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAffordableOutputTokens } from '../pricing/max-affordable-output-tokens.js';
import { costOf } from '../pricing/model-cost.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { loadTokenizer, type Tokenizer } from '../tokens/tokenizer.js';
import { sampleModel, sampleModels } from './__fixtures__/sample-models.js';
import { createRouter, type RouteOptions } from './create-router.js';

const scenario = (complexity: Complexity, ...capabilities: Capability[]): Scenario => ({
  capabilities,
  complexity,
  signals: [],
});
const simple = scenario('simple');
const analyze80 = Array.from({ length: 80 }, () => 'analyze').join(' ');

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('router: strategies on the fixture catalogue (original test_router)', () => {
  const router = createRouter({ models: sampleModels() });

  it('cheapest for "Hello world" is the cheapest model overall', () => {
    const decision = router.route('Hello world', { strategy: 'cheapest', scenario: simple });
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
    expect(decision.model.pricing!.inputPerMillion).toBeLessThanOrEqual(0.2);
  });

  it('best_quality for "Complex task" is a flagship, the strongest one by price', () => {
    const decision = router.route('Complex task', { strategy: 'best_quality', scenario: simple });
    expect(decision.model.tier).toBe('flagship');
    expect(decision.model.id).toBe('anthropic/claude-opus-4');
  });

  it('balanced for a simple prompt stays in the budget tier', () => {
    const decision = router.route('Write a haiku', { strategy: 'balanced', scenario: simple });
    expect(decision.model.tier).toBe('budget');
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
  });

  it('balanced for a complex reasoning prompt picks the cheaper reasoning flagship', () => {
    const decision = router.route(analyze80, {
      strategy: 'balanced',
      scenario: scenario('complex', 'reasoning'),
    });
    expect(decision.model.id).toBe('openai/o3');
  });

  it('balanced for a moderate prompt picks the cheapest mid model', () => {
    const decision = router.route('Summarise this', { scenario: scenario('moderate') });
    expect(decision.model.id).toBe('openai/gpt-4.1');
    expect(decision.strategy).toBe('balanced');
  });

  it('cheapest with an explicit capability returns a model that has it', () => {
    const decision = router.route('Hello', {
      strategy: 'cheapest',
      capability: 'reasoning',
      scenario: simple,
    });
    expect(decision.model.capabilities).toContain('reasoning');
    expect(decision.model.id).toBe('openai/gpt-4.1-mini');
  });

  it('accepts a strategy name or a strategy object', () => {
    const byName = router.route('Hello', { strategy: 'best_quality', scenario: simple });
    const byObject = router.route('Hello', {
      scenario: simple,
      strategy: {
        name: 'cheapest',
        description: 'prefer the longest context window',
        prefers: (a, b, { table }) => table.contextWindow[a]! > table.contextWindow[b]!,
      },
    });
    expect(byName.model.id).toBe('anthropic/claude-opus-4');
    expect(byObject.model.id).toBe('openai/gpt-4.1-mini');
  });

  it('an empty model list fails with NoRouteError "No models found"', () => {
    const error = thrown(() => createRouter({ models: [] }).route('Hello', { scenario: simple }));
    expect(NoRouteError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/No models found/);
  });

  it('a capability no model has fails with a summary of the rejections', () => {
    const error = thrown(() =>
      router.route('Hello', { scenario: simple, capability: 'math', minTier: 'mid', exclude: ['openai/o3'] }),
    );
    expect(NoRouteError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/No models found for capability math/);
    expect((error as NoRouteError).rejected).toHaveLength(7);
  });

  it('uses the default strategy of the router', () => {
    const cheap = createRouter({ models: sampleModels(), defaultStrategy: 'cheapest' });
    expect(cheap.route('x', { scenario: scenario('complex') }).model.id).toBe('deepseek/deepseek-chat');
  });
});

describe('router: universal budget (original test_router)', () => {
  const router = createRouter({ models: sampleModels() });

  it('cheapest with a small budget stays on a cheap model', () => {
    const decision = router.route('Write some code', {
      strategy: 'cheapest',
      budget: 0.001,
      scenario: scenario('simple', 'code'),
    });
    expect(decision.model.pricing!.inputPerMillion).toBeLessThanOrEqual(0.2);
    expect(decision.withinBudget).toBe(true);
    expect(decision.budget).toBe(usd('0.001'));
  });

  it('best_quality under a budget that excludes flagships picks the strongest mid model', () => {
    const decision = router.route('Hello', { strategy: 'best_quality', budget: 0.005, scenario: simple });
    expect(decision.model.id).toBe('anthropic/claude-sonnet-4');
    const rejected = decision.rejected
      .filter((entry) => entry.reason === 'over-budget')
      .map((entry) => entry.modelId);
    expect(rejected.sort()).toEqual(['anthropic/claude-opus-4', 'openai/o3']);
  });

  it('balanced, complex reasoning under $0.005 drops to what the budget pays for', () => {
    const decision = router.route(analyze80, {
      budget: '0.005',
      scenario: scenario('complex', 'reasoning'),
    });
    expect(decision.model.pricing!.inputPerMillion).toBeLessThan(5);
    expect(decision.model.id).toBe('openai/gpt-4.1-mini');
  });

  it('balanced takes the nearest tier when the target tier is over budget', () => {
    // Complex: flagship is the target; a budget that pays for gpt-4.1 but no flagship gives mid, not budget tier.
    const decision = router.route('x', { budget: 0.02, scenario: scenario('complex') });
    expect(decision.model.tier).toBe('mid');
  });

  it('without a budget best_quality is a flagship', () => {
    expect(router.route('Hello', { strategy: 'best_quality', scenario: simple }).model.tier).toBe('flagship');
  });

  it('a budget nothing fits raises NoRouteError naming the cheapest capable model', () => {
    const error = thrown(() => router.route('Hello', { budget: 1e-7, scenario: simple }));
    expect(NoRouteError.isInstance(error)).toBe(true);
    const noRoute = error as NoRouteError;
    expect(noRoute.message).toMatch(
      /^No model fits budget \$0\.00000010: cheapest capable is deepseek\/deepseek-chat at ~\$0\.0001; raise --budget/,
    );
    expect(noRoute.cheapest?.modelId).toBe('deepseek/deepseek-chat');
    expect(noRoute.budget).toBe(usd('1e-7'));
    expect(noRoute.rejected.filter((entry) => entry.reason === 'over-budget')).toHaveLength(7);
  });

  it('budgetStrict false returns the cheapest capable model, flagged over budget', () => {
    const decision = router.route('Hello', {
      strategy: 'best_quality',
      budget: 1e-7,
      budgetStrict: false,
      scenario: simple,
    });
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
    expect(decision.withinBudget).toBe(false);
    expect(decision.estimatedCost > decision.budget!).toBe(true);
  });
});

describe('router: cost of the whole call', () => {
  const trap = sampleModel(
    'trap/cheap-input',
    { inputPerMillion: 0.01, outputPerMillion: 50 },
    1_000_000,
    ['general'],
    'budget',
  );
  const models = [...sampleModels(), trap];
  const router = createRouter({ models });

  it('a model with cheap input but expensive output loses an output-heavy call', () => {
    const decision = router.route('Write a long story', {
      strategy: 'cheapest',
      maxOutputTokens: 4000,
      scenario: simple,
    });
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
    const trapEntry = decision.rejected.find((entry) => entry.modelId === trap.id)!;
    expect(trapEntry.reason).toBe('not-chosen');
    expect(trapEntry.estimatedCost! > decision.estimatedCost).toBe(true);
  });

  it('the same model wins an input-heavy call with a one-token answer', () => {
    const prompt = 'lorem ipsum dolor sit amet '.repeat(2000);
    const decision = router.route(prompt, { strategy: 'cheapest', maxOutputTokens: 1, scenario: simple });
    expect(decision.model.id).toBe(trap.id);
  });

  it('reports expected and clamped worst-case costs exactly', () => {
    const budget = usd('0.01');
    const decision = router.route('Hello there', { strategy: 'cheapest', budget, scenario: simple });
    const inputTokens = countPromptTokens('Hello there');
    expect(decision.estimatedInputTokens).toBe(inputTokens);
    expect(decision.estimatedOutputTokens).toBe(256);
    expect(decision.estimatedCost).toBe(costOf(decision.model, { inputTokens, outputTokens: 256 }));
    // deepseek's 8,192-token output limit is affordable, so the worst case is the model limit.
    expect(decision.worstCaseCost).toBe(costOf(decision.model, { inputTokens, outputTokens: 8192 }));
    expect(decision.worstCaseCost <= budget).toBe(true);
  });

  it('clamps the worst case to what the budget pays for', () => {
    const budget = usd('0.005');
    const decision = router.route('Hello', { strategy: 'best_quality', budget, scenario: simple });
    const inputTokens = decision.estimatedInputTokens;
    const affordable = maxAffordableOutputTokens(decision.model, { inputTokens, budget })!;
    expect(affordable).toBeLessThan(64_000);
    expect(decision.worstCaseCost).toBe(costOf(decision.model, { inputTokens, outputTokens: affordable }));
    expect(decision.worstCaseCost <= budget).toBe(true);
    expect(costOf(decision.model, { inputTokens, outputTokens: affordable + 1 })! > budget).toBe(true);
  });
});

describe('router: budget ceiling edges', () => {
  const deepseek = sampleModels().find((model) => model.id === 'deepseek/deepseek-chat')!;
  const prompt = 'What is the capital of France?';
  const inputTokens = countPromptTokens(prompt);
  const exactCost = costOf(deepseek, { inputTokens, outputTokens: 256 })!;

  it('a budget exactly equal to the expected cost passes; one pico-dollar less fails', () => {
    const router = createRouter({ models: [deepseek] });
    const decision = router.route(prompt, { budget: exactCost, scenario: simple });
    expect(decision.model.id).toBe(deepseek.id);
    expect(decision.estimatedCost).toBe(exactCost);
    expect(decision.worstCaseCost).toBe(exactCost);
    const error = thrown(() => router.route(prompt, { budget: exactCost - 1n, scenario: simple }));
    expect(NoRouteError.isInstance(error)).toBe(true);
    expect((error as NoRouteError).cheapest).toEqual({ modelId: deepseek.id, estimatedCost: exactCost });
  });

  it('holds exactly for prices below a pico-dollar per token (bigint path)', () => {
    const tiny = sampleModel(
      'tiny/model',
      { inputPerMillion: 0.0000015, outputPerMillion: 0.0000025, perRequest: 0.000001 },
      100_000,
      ['general'],
      'budget',
    );
    const router = createRouter({ models: [tiny] });
    const cost = costOf(tiny, { inputTokens, outputTokens: 256 })!;
    expect(router.route(prompt, { budget: cost, scenario: simple }).estimatedCost).toBe(cost);
    expect(
      NoRouteError.isInstance(thrown(() => router.route(prompt, { budget: cost - 1n, scenario: simple }))),
    ).toBe(true);
  });

  it('requires the budget to pay the input and minOutputTokens of output', () => {
    // The expected 256 output tokens are affordable, but minOutputTokens 500 are not.
    const router = createRouter({ models: [deepseek], minOutputTokens: 500 });
    const budget = costOf(deepseek, { inputTokens, outputTokens: 300 })!;
    const error = thrown(() => router.route(prompt, { budget, scenario: simple }));
    expect(NoRouteError.isInstance(error)).toBe(true);
    expect((error as NoRouteError).rejected[0]?.detail).toMatch(/cannot pay the input and 500 output tokens/);
    expect(createRouter({ models: [deepseek] }).route(prompt, { budget, scenario: simple }).model.id).toBe(
      deepseek.id,
    );
  });

  it('a zero budget fits only free models', () => {
    const free = sampleModel(
      'meta-llama/llama-4:free',
      { inputPerMillion: 0, outputPerMillion: 0 },
      100_000,
      ['general'],
      'budget',
    );
    const router = createRouter({ models: [deepseek, free] });
    expect(router.route(prompt, { budget: 0, allowFree: true, scenario: simple }).model.id).toBe(free.id);
    expect(NoRouteError.isInstance(thrown(() => router.route(prompt, { budget: 0, scenario: simple })))).toBe(
      true,
    );
  });
});

describe('router: input validation', () => {
  const router = createRouter({ models: sampleModels() });

  it('rejects an unknown strategy, listing the valid ones', () => {
    const error = thrown(() => router.route('Hello', { strategy: 'fastest' as RouteOptions['strategy'] }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Unknown strategy "fastest": use one of cheapest, balanced, best_quality.',
    );
    expect(() => createRouter({ models: [], defaultStrategy: 'nope' as 'cheapest' })).toThrow(
      /Unknown strategy/,
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 'abc', '', '-0.5', -1n])(
    'rejects budget %s',
    (budget) => {
      const error = thrown(() => router.route('Hello', { budget, scenario: simple }));
      expect(InvalidArgumentError.isInstance(error)).toBe(true);
      expect((error as InvalidArgumentError).argument).toBe('budget');
      expect((error as Error).message).toMatch(/^budget must be a USD amount of zero or more, like 0\.05/);
    },
  );

  it.each<[string, string | Message[]]>([
    ['an empty string', ''],
    ['whitespace', '  \n '],
    ['no messages', []],
    [
      'blank messages',
      [
        { role: 'system', content: ' ' },
        { role: 'user', content: [{ type: 'text', text: '' }] },
      ],
    ],
  ])('rejects %s as prompt', (_name, prompt) => {
    const error = thrown(() => router.route(prompt, { scenario: simple }));
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('prompt');
  });

  it('rejects an unknown capability or tier instead of ignoring it', () => {
    const capability = thrown(() =>
      router.route('Hello', { capability: 'coding' as Capability, scenario: simple }),
    );
    expect(InvalidArgumentError.isInstance(capability)).toBe(true);
    expect((capability as Error).message).toBe(
      'Unknown capability "coding": use one of code, reasoning, math, general, vision.',
    );
    const tier = thrown(() => router.route('Hello', { minTier: 'premium' as 'mid', scenario: simple }));
    expect((tier as InvalidArgumentError).argument).toBe('minTier');
  });

  it('rejects a bad maxOutputTokens and minOutputTokens', () => {
    expect(() => router.route('Hello', { maxOutputTokens: 0, scenario: simple })).toThrow(/maxOutputTokens/);
    expect(() => createRouter({ models: [], minOutputTokens: -5 })).toThrow(/minOutputTokens/);
  });
});

describe('router: filters', () => {
  const small = sampleModel(
    'small/ctx',
    { inputPerMillion: 0.01, outputPerMillion: 0.02 },
    1_000,
    ['general', 'code'],
    'budget',
  );
  const unpriced = sampleModel(
    'mystery/model',
    undefined,
    200_000,
    ['general', 'code', 'reasoning'],
    'flagship',
  );
  const free = sampleModel(
    'qwen/qwen3:free',
    { inputPerMillion: 0, outputPerMillion: 0 },
    100_000,
    ['general', 'code'],
    'budget',
  );
  const models = [...sampleModels(), small, unpriced, free];
  const router = createRouter({ models });

  it('drops models whose context window cannot hold the prompt and the expected output', () => {
    expect(router.route('short', { strategy: 'cheapest', scenario: simple }).model.id).toBe(small.id);
    const long = 'word '.repeat(2_000);
    const decision = router.route(long, { strategy: 'cheapest', scenario: simple });
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
    const entry = decision.rejected.find((candidate) => candidate.modelId === small.id)!;
    expect(entry.reason).toBe('context-too-small');
    expect(entry.detail).toMatch(/context window is 1000/);
  });

  it('never routes to an unpriced model unless asked, and never under a budget', () => {
    const decision = router.route('Hello', { strategy: 'best_quality', scenario: simple });
    expect(decision.model.id).toBe('anthropic/claude-opus-4');
    expect(decision.rejected.find((entry) => entry.modelId === unpriced.id)?.reason).toBe('unpriced');

    const opted = router.route('Hello', { strategy: 'best_quality', allowUnpriced: true, scenario: simple });
    expect(opted.model.id).toBe('anthropic/claude-opus-4'); // an unknown price ranks below any known one
    const onlyUnpriced = createRouter({ models: [unpriced] });
    const chosen = onlyUnpriced.route('Hello', { allowUnpriced: true, scenario: simple });
    expect(chosen.model.id).toBe(unpriced.id);
    expect(chosen.estimatedCost).toBe(0n);

    const error = thrown(() =>
      onlyUnpriced.route('Hello', { allowUnpriced: true, budget: 1, scenario: simple }),
    );
    expect(NoRouteError.isInstance(error)).toBe(true);
    expect((error as NoRouteError).rejected[0]?.detail).toMatch(/cannot be held to a budget/);
  });

  it('skips free models unless allowFree', () => {
    const cheapest = router.route('Hello', { strategy: 'cheapest', scenario: simple });
    expect(cheapest.model.id).not.toBe(free.id);
    expect(cheapest.rejected.find((entry) => entry.modelId === free.id)?.reason).toBe('free-excluded');
    const allowed = router.route('Hello', { strategy: 'cheapest', allowFree: true, scenario: simple });
    expect(allowed.model.id).toBe(free.id);
    expect(allowed.estimatedCost).toBe(0n);
  });

  it('skips :batch variants (asynchronous, hours late) unless allowBatch', () => {
    const live = sampleModel(
      'openai/gpt-live',
      { inputPerMillion: 1, outputPerMillion: 4 },
      128_000,
      ['general'],
      'mid',
    );
    const batch = sampleModel(
      'openai/gpt-live:batch',
      { inputPerMillion: 0.5, outputPerMillion: 2 },
      128_000,
      ['general'],
      'mid',
    );
    const batchRouter = createRouter({ models: [live, batch] });
    const decision = batchRouter.route('Hello', { strategy: 'cheapest', scenario: simple });
    expect(decision.model.id).toBe(live.id);
    expect(decision.rejected.find((entry) => entry.modelId === batch.id)?.reason).toBe('batch-excluded');
    expect(
      batchRouter.route('Hello', { strategy: 'cheapest', allowBatch: true, scenario: simple }).model.id,
    ).toBe(batch.id);
  });

  it('honours minTier and exclusions', () => {
    const decision = router.route('Hello', {
      strategy: 'cheapest',
      minTier: 'mid',
      exclude: ['openai/gpt-4.1'],
      scenario: simple,
    });
    expect(decision.model.id).toBe('anthropic/claude-sonnet-4');
    expect(decision.rejected.find((entry) => entry.modelId === 'openai/gpt-4.1')?.detail).toBe(
      'excluded by the caller',
    );
    expect(decision.rejected.find((entry) => entry.modelId === 'deepseek/deepseek-chat')?.reason).toBe(
      'below-tier',
    );
  });

  it('requires vision for a prompt with an image', () => {
    const prompt: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image', image: 'https://example.com/a.png' },
        ],
      },
    ];
    const decision = router.route(prompt, { strategy: 'cheapest', scenario: simple });
    expect(decision.model.id).toBe('google/gemini-2.5-flash');
    expect(decision.rejected.find((entry) => entry.modelId === 'deepseek/deepseek-chat')?.detail).toBe(
      'lacks vision',
    );
  });

  it('requires only the primary detected capability', () => {
    const decision = router.route('Write Python to solve x^2 = 4', {
      strategy: 'cheapest',
      scenario: scenario('simple', 'code', 'math'),
    });
    expect(decision.model.id).toBe(small.id);
  });
});

describe('router: decisions explain themselves (original test_routing_trace)', () => {
  const router = createRouter({ models: sampleModels() });

  it('names the chosen model, its tier and every other model with a reason', () => {
    const decision = router.route('Write a Python sort function', {
      budget: 1,
      scenario: scenario('simple', 'code'),
    });
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
    expect(tierRank(decision.model.tier)).toBe(0);
    expect(decision.rejected).toHaveLength(6);
    expect(new Set(decision.rejected.map((entry) => entry.modelId)).has(decision.model.id)).toBe(false);
    expect(decision.rejected.every((entry) => entry.reason === 'not-chosen')).toBe(true);
    expect(decision.rejected.find((entry) => entry.modelId === 'openai/gpt-4.1')?.detail).toBe(
      'balanced preferred deepseek/deepseek-chat',
    );
  });

  it('keeps budget, cost and remaining consistent with a budget', () => {
    const decision = router.route('Write a Python sort function', {
      budget: 1,
      scenario: scenario('simple', 'code'),
    });
    expect(decision.estimatedCost > 0n).toBe(true);
    const remaining = decision.budget! - decision.estimatedCost;
    expect(remaining >= 0n).toBe(true);
    expect(remaining + decision.estimatedCost).toBe(usd(1));
  });

  it('has no budget when none was given', () => {
    const decision = router.route('Write a Python sort function', { scenario: scenario('simple', 'code') });
    expect(decision.budget).toBeUndefined();
    expect(decision.withinBudget).toBe(true);
  });

  it('is deterministic, and explain: true gives the same rejections eagerly', () => {
    const a = router.route('Hello', { strategy: 'cheapest', scenario: simple, budget: 0.001 });
    const b = router.route('Hello', { strategy: 'cheapest', scenario: simple, budget: 0.001, explain: true });
    expect(b.model).toBe(a.model);
    expect(b.rejected).toEqual(a.rejected);
    expect(Object.getOwnPropertyDescriptor(b, 'rejected')?.enumerable).toBe(true);
    expect({ ...a }.rejected).toEqual(b.rejected);
  });

  it('is a plain object: a caller may replace the lazy rejections (e.g. trimmed before logging)', () => {
    const decision = router.route('Hello', { strategy: 'cheapest', scenario: simple, budget: 0.001 });
    const trimmed = decision.rejected.slice(0, 1);
    decision.rejected = trimmed;
    expect(decision.rejected).toBe(trimmed);
    expect({ ...decision }.rejected).toBe(trimmed);
  });

  it('keeps lazily built rejections of an earlier decision after later routes', () => {
    const first = router.route('Hello', { strategy: 'cheapest', scenario: simple, budget: 0.0001 });
    router.route('Another prompt entirely', { strategy: 'best_quality', scenario: simple });
    expect(first.rejected.find((entry) => entry.modelId === 'anthropic/claude-opus-4')?.reason).toBe(
      'over-budget',
    );
  });
});

describe('router: risk gate', () => {
  const router = createRouter({ models: sampleModels(), riskGate: { enabled: true } });

  it('blocks a destructive prompt before routing when enabled', () => {
    const error = thrown(() => router.route('delete the production database', { scenario: simple }));
    expect(RiskGateBlockedError.isInstance(error)).toBe(true);
    expect((error as RiskGateBlockedError).reason).toMatch(/irreversible/);
  });

  it('judges the last user message of a conversation', () => {
    const prompt: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'drop table users' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'I will not do that.' }] },
      {
        role: 'user',
        content: [{ type: 'text', text: 'Then write a SQL query that counts the users per country' }],
      },
    ];
    expect(router.route(prompt, { scenario: simple }).model).toBeDefined();
  });

  it('routes normally when the gate is off (the default)', () => {
    const open = createRouter({ models: sampleModels() });
    expect(open.route('delete everything from the list in Python', { scenario: simple }).model.id).toBe(
      'deepseek/deepseek-chat',
    );
    expect(
      router.route('delete the production database', { scenario: simple, riskGate: { enabled: false } })
        .model,
    ).toBeDefined();
  });
});

describe('router: model sources and token counts', () => {
  let o200k: Tokenizer;
  beforeAll(async () => {
    o200k = await loadTokenizer('o200k_base');
  });

  it('reads a registry-like source and rebuilds when its list changes', () => {
    let list: ModelInfo[] = sampleModels();
    const router = createRouter({ models: { models: () => list } });
    expect(router.route('Hello', { strategy: 'cheapest', scenario: simple }).model.id).toBe(
      'deepseek/deepseek-chat',
    );
    list = list.filter((model) => model.id !== 'deepseek/deepseek-chat');
    expect(router.route('Hello', { strategy: 'cheapest', scenario: simple }).model.id).toBe(
      'google/gemini-2.5-flash',
    );
  });

  it('counts OpenAI models exactly with a loaded tokenizer and estimates the others', () => {
    const router = createRouter({ models: sampleModels(), tokenizers: [o200k] });
    const prompt = 'Summarise the plot of Hamlet in three sentences, please.';
    const openai = router.route(prompt, { strategy: 'cheapest', capability: 'reasoning', scenario: simple });
    expect(openai.model.id).toBe('openai/gpt-4.1-mini');
    expect(openai.estimatedInputTokens).toBe(countPromptTokens(prompt, { tokenizer: o200k }));
    const other = router.route(prompt, { strategy: 'cheapest', scenario: simple });
    expect(other.model.id).toBe('deepseek/deepseek-chat');
    expect(other.estimatedInputTokens).toBe(countPromptTokens(prompt));
    expect(other.estimatedInputTokens).toBeGreaterThan(openai.estimatedInputTokens);
  });

  it('uses the detector when no scenario is passed', () => {
    const router = createRouter({
      models: sampleModels(),
      detectScenario: (input) =>
        scenario('simple', typeof input === 'string' && input.includes('prove') ? 'math' : 'code'),
    });
    expect(router.route('prove it', { strategy: 'cheapest' }).model.id).toBe('openai/o3');
    expect(router.route('Hello', { strategy: 'cheapest' }).scenario.capabilities).toEqual(['code']);
  });
});

describe('router: the inline fast path and the general screen agree', () => {
  const tiny = sampleModel(
    'tiny/sub-pico',
    { inputPerMillion: 0.0000015, outputPerMillion: 0.0000025 },
    100_000,
    ['general', 'code'],
    'mid',
  );
  const unpriced = sampleModel('mystery/model', undefined, 200_000, ['general'], 'flagship');
  const free = sampleModel(
    'qwen/qwen3:free',
    { inputPerMillion: 0, outputPerMillion: 0 },
    100_000,
    ['general', 'code'],
    'budget',
  );
  const router = createRouter({ models: [...sampleModels(), tiny, unpriced, free] });
  const grid: RouteOptions[] = [];
  for (const strategy of ['cheapest', 'balanced', 'best_quality'] as const) {
    for (const budget of [undefined, 1e-7, 0.0001, 0.005, 1]) {
      for (const complexity of ['simple', 'complex'] as const) {
        grid.push({
          strategy,
          budget,
          budgetStrict: false,
          allowFree: budget === 0.0001,
          scenario: scenario(complexity, 'code'),
        });
      }
    }
  }

  it.each(grid.map((options, index) => [index, options] as const))('case %i', (_index, options) => {
    // A non-matching exclusion forces every model through the general screen.
    const fast = router.route('Refactor this function', options);
    const general = router.route('Refactor this function', { ...options, exclude: ['nobody/none'] });
    expect(general.model.id).toBe(fast.model.id);
    expect(general.estimatedCost).toBe(fast.estimatedCost);
    expect(general.worstCaseCost).toBe(fast.worstCaseCost);
    expect(general.withinBudget).toBe(fast.withinBudget);
    expect(general.rejected).toEqual(fast.rejected);
  });
});

describe('router with the built-in scenario detection (original worked examples, spec §4.4)', () => {
  const router = createRouter({ models: sampleModels() });

  it('routes "Hello world" cheapest to deepseek', () => {
    expect(router.route('Hello world', { strategy: 'cheapest' }).model.id).toBe('deepseek/deepseek-chat');
  });

  it('routes "Complex task" best_quality to opus', () => {
    expect(router.route('Complex task', { strategy: 'best_quality' }).model.id).toBe(
      'anthropic/claude-opus-4',
    );
  });

  it('routes "Write a haiku" balanced to the budget tier', () => {
    expect(router.route('Write a haiku').model.id).toBe('deepseek/deepseek-chat');
  });

  it('routes 80 × "analyze" balanced to o3, and to gpt-4.1-mini under $0.005', () => {
    const decision = router.route(analyze80);
    expect(decision.scenario.capabilities[0]).toBe('reasoning');
    expect(decision.model.id).toBe('openai/o3');
    expect(router.route(analyze80, { budget: 0.005 }).model.id).toBe('openai/gpt-4.1-mini');
  });

  it('routes "Hello" best_quality under $0.005 to sonnet', () => {
    expect(router.route('Hello', { strategy: 'best_quality', budget: 0.005 }).model.id).toBe(
      'anthropic/claude-sonnet-4',
    );
  });

  it('routes a Python request with budget 1.0 to deepseek and leaves most of the budget', () => {
    const decision = router.route('Write a Python sort function', { budget: 1.0 });
    expect(decision.scenario.capabilities).toContain('code');
    expect(decision.model.id).toBe('deepseek/deepseek-chat');
    expect(decision.budget! - decision.estimatedCost > usd('0.999')).toBe(true);
  });

  it('routes a math request to the only math model', () => {
    expect(router.route('Calculate the integral of x^2', { strategy: 'cheapest' }).model.id).toBe(
      'openai/o3',
    );
  });
});
