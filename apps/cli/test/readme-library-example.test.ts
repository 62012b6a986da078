// The root README's "Library" example, run as written except that the Anthropic provider talks to the test kit's
// mock Messages API instead of api.anthropic.com. If this test changes, the README must change with it.
import { createBudget, createModelRegistry, createRouter, generateWithBudget } from '@tokenwise/core';
import { createAnthropic } from '@tokenwise/providers-anthropic';
import { formatUsd, usd } from '@tokenwise/spec';
import { anthropicText, createAnthropicMockUpstream } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';

describe('README library example', () => {
  it('routes offline, then makes one budget-safe call and settles its exact cost', async () => {
    const registry = createModelRegistry();
    const router = createRouter({ models: registry });
    const decision = router.route('Refactor this function to be async', {
      strategy: 'cheapest',
      budget: usd('0.01'),
    });
    expect(decision.estimatedCost).toBeLessThanOrEqual(usd('0.01'));
    expect(formatUsd(decision.estimatedCost)).toMatch(/^\$\d/);

    const upstream = createAnthropicMockUpstream();
    upstream.enqueue(anthropicText('Hi!', { usage: { inputTokens: 10, outputTokens: 3 } }));
    const budget = createBudget({ limit: usd('0.50') });
    const anthropic = createAnthropic({ apiKey: 'sk-ant-test', fetch: upstream.fetch });
    const info = registry.require('anthropic/claude-haiku-4.5');
    const { result, cost } = await generateWithBudget({
      model: anthropic.languageModel('claude-haiku-4-5'),
      modelInfo: info,
      options: { prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hi' }] }] },
      budget,
    });

    expect(result.content).toEqual([{ type: 'text', text: 'Hi!' }]);
    // 10 input + 3 output tokens at the catalog's per-million prices, exactly.
    const pricing = info.pricing!;
    expect(cost).toBe(
      usd(pricing.inputPerMillion) / 100_000n + (usd(pricing.outputPerMillion) * 3n) / 1_000_000n,
    );
    expect(budget.spent).toBe(cost);
    expect(budget.reserved).toBe(0n);
    expect(upstream.calls[0]?.bodyJson).toMatchObject({ model: 'claude-haiku-4-5' });
  });
});
