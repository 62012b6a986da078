import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { appendixModels } from '../__fixtures__/planner-fixtures.js';
import { assignModels } from './assign-models.js';

const step = (capability: 'general' | 'code' | 'math' | 'vision', input = 500, output = 500) => ({
  description: 'x',
  capability,
  estimatedInputTokens: input,
  estimatedOutputTokens: output,
  dependsOn: [],
});

describe('assignModels', () => {
  it('picks the cheapest model by input AND output cost, not by input price alone (§14.1.10)', () => {
    // deepseek-chat $0.14/$0.28 beats gemini-2.5-flash $0.15/$0.60 and gpt-4.1-mini $0.40/$1.60
    const { steps } = assignModels([step('code', 1000, 4000)], appendixModels(), usd(1));
    expect(steps[0]).toMatchObject({ modelId: 'deepseek/deepseek-chat', estimatedCost: usd('0.00126') });
  });

  it('notes a step whose cheapest capable model is over its share of what is left', () => {
    const { steps, notes } = assignModels([step('math'), step('general')], appendixModels(), usd('0.01'));
    expect(steps.map((s) => s.modelId)).toEqual(['openai/o3', 'deepseek/deepseek-chat']);
    expect(notes).toEqual([
      'Step 1: the cheapest capable model (openai/o3, $0.0250) is over its share of the budget ($0.0050).',
      'Step 2: the cheapest capable model (deepseek/deepseek-chat, $0.0002) is over its share of the budget ($0.0000).',
    ]);
  });

  it('plans a step as general when no model has its capability, and throws when nothing fits', () => {
    const textOnly = appendixModels().map((model) => ({
      ...model,
      capabilities: model.capabilities.filter((c) => c !== 'vision'),
    }));
    const { steps, notes } = assignModels([step('vision')], textOnly, usd(1));
    expect(steps[0]!.requiredCapabilities).toEqual([]);
    expect(notes[0]).toContain('no priced model has "vision"');
    expect(() => assignModels([step('general', 5_000_000, 10)], appendixModels(), usd(1))).toThrow(
      /No priced model in the catalog can hold step 1/,
    );
  });
});
