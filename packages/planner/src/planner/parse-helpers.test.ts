import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { appendixModels } from '../__fixtures__/planner-fixtures.js';
import type { PlanStep } from '../types/plan.js';
import { fallbackSteps } from './decompose-task.js';
import { downgradeSteps } from './downgrade-plan.js';
import { extractJson } from './extract-json.js';
import { validateRawSteps } from './raw-step-schema.js';

describe('extractJson', () => {
  it('parses a plain JSON array (parity 8)', () => {
    expect(extractJson('[{"description": "a"}]')).toEqual([{ description: 'a' }]);
  });
  it('parses a fenced block with a json tag and a newline (parity 9)', () => {
    expect(extractJson('Here:\n```json\n[{"description": "a"}]\n```\nDone.')).toEqual([{ description: 'a' }]);
  });
  it('parses a fence without a newline after the tag (parity 11)', () => {
    expect(extractJson('```json[{"description": "a"}]```')).toEqual([{ description: 'a' }]);
  });
  it('extracts the bracketed array from prose (parity 12)', () => {
    expect(
      extractJson('The plan is [{"description": "a"}, {"description": "b"}] as requested.'),
    ).toHaveLength(2);
  });
  it('returns undefined when nothing parses', () => {
    expect(extractJson('no json here')).toBeUndefined();
    expect(extractJson('[{"description": "cut')).toBeUndefined();
  });
});

describe('fallbackSteps', () => {
  it('is one general step holding the task (parity 10)', () => {
    expect(fallbackSteps('Do it')).toEqual([
      {
        description: 'Do it',
        capability: 'general',
        estimatedInputTokens: 1000,
        estimatedOutputTokens: 1000,
        dependsOn: [],
      },
    ]);
  });
});

describe('validateRawSteps', () => {
  it('fills defaults, normalises the capability and accepts a { steps } wrapper', () => {
    const result = validateRawSteps(
      { steps: [{ description: ' a ', capability: 'CODE', estimated_input_tokens: '12' }] },
      20,
    );
    expect(result).toEqual({
      ok: true,
      steps: [
        {
          description: 'a',
          capability: 'code',
          estimatedInputTokens: 12,
          estimatedOutputTokens: 500,
          dependsOn: undefined,
        },
      ],
    });
  });
  it('names the first issue with its path', () => {
    expect(validateRawSteps([{ description: 'a', estimated_output_tokens: -5 }], 20)).toEqual({
      ok: false,
      issue: '0.estimated_output_tokens: token estimates must be at least 1',
    });
    expect(validateRawSteps([], 20)).toEqual({ ok: false, issue: 'the plan has no steps' });
    expect(validateRawSteps([{ description: 'a' }, { description: 'b' }], 1)).toMatchObject({ ok: false });
  });
});

function opusStep(requiredCapabilities: PlanStep['requiredCapabilities']): PlanStep {
  return {
    id: 1,
    description: 'big',
    modelId: 'anthropic/claude-opus-4',
    requiredCapabilities,
    estimatedInputTokens: 10_000,
    estimatedOutputTokens: 10_000,
    estimatedCost: usd('0.90'),
    dependsOn: [],
  };
}

describe('downgradeSteps', () => {
  it('lowers the total from 0.90, using the current model first non-general capability (parity 7)', () => {
    const result = downgradeSteps([opusStep([])], appendixModels(), usd('0.01'));
    expect(result.steps[0]!.modelId).toBe('deepseek/deepseek-chat');
    expect(result.totalEstimatedCost).toBe(usd('0.0042'));
    expect(result.notes[0]).toContain('downgraded from anthropic/claude-opus-4');
  });
  it('keeps a required capability (parity 13)', () => {
    const result = downgradeSteps([opusStep(['code'])], appendixModels(), usd('0.01'));
    const model = appendixModels().find((m) => m.id === result.steps[0]!.modelId)!;
    expect(model.capabilities).toContain('code');
  });
  it('keeps both of two required capabilities (parity 14)', () => {
    const result = downgradeSteps([opusStep(['code', 'reasoning'])], appendixModels(), usd('0.01'));
    expect(result.steps[0]!.modelId).toBe('openai/gpt-4.1-mini');
    expect(result.totalEstimatedCost).toBe(usd('0.02'));
  });
  it('visits the most expensive step first and stops once within the limit', () => {
    const cheap = { ...opusStep([]), id: 2, estimatedCost: usd('0.5') };
    const result = downgradeSteps([opusStep([]), cheap], appendixModels(), usd('0.6'));
    expect(result.steps.map((s) => s.modelId)).toEqual(['deepseek/deepseek-chat', 'anthropic/claude-opus-4']);
  });
});
