import { estimateTextTokens } from '@tokenwise/core';
import { describe, expect, it } from 'vitest';
import { buildStepPrompt, truncateToTokens } from './build-step-prompt.js';

const textOf = (messages: ReturnType<typeof buildStepPrompt>) =>
  (messages[0]!.content[0] as { type: 'text'; text: string }).text;

describe('buildStepPrompt', () => {
  it('is the description alone without dependencies (common parity 1)', () => {
    const messages = buildStepPrompt({ description: 'Summarise the notes' }, [], 2000);
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Summarise the notes' }] }]);
  });

  it('sends the template instead of the description when there is one (common parity 2)', () => {
    const messages = buildStepPrompt(
      { description: 'ignored', promptTemplate: 'Use this template' },
      [],
      2000,
    );
    expect(textOf(messages)).toBe('Use this template');
  });

  it('puts the dependency outputs before the task (common parity 3)', () => {
    const text = textOf(
      buildStepPrompt(
        { description: 'Combine them' },
        [
          { stepId: 1, output: 'alpha' },
          { stepId: 3, output: 'gamma' },
        ],
        2000,
      ),
    );
    expect(text).toBe(
      'Context from the steps this one depends on:\n[Step 1 output]:\nalpha\n\n[Step 3 output]:\ngamma\n\nCurrent task: Combine them',
    );
  });

  it('splits the context budget in tokens evenly between the dependencies', () => {
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(200);
    const text = textOf(
      buildStepPrompt(
        { description: 'task' },
        [
          { stepId: 1, output: long },
          { stepId: 2, output: 'short' },
        ],
        200,
      ),
    );
    const [first] = text.split('\n\n[Step 2 output]');
    const kept = first!.replace('Context from the steps this one depends on:\n[Step 1 output]:\n', '');
    expect(kept.endsWith(' …[truncated]')).toBe(true);
    expect(estimateTextTokens(kept)).toBeLessThanOrEqual(100);
    expect(estimateTextTokens(kept)).toBeGreaterThan(90);
    expect(text).toContain('[Step 2 output]:\nshort');
  });
});

describe('truncateToTokens', () => {
  it('keeps text that fits and cuts text that does not', () => {
    expect(truncateToTokens('short text', 50)).toBe('short text');
    const cut = truncateToTokens('word '.repeat(1000), 20);
    expect(estimateTextTokens(cut)).toBeLessThanOrEqual(20);
    expect(cut.endsWith('…[truncated]')).toBe(true);
    expect(truncateToTokens('word '.repeat(1000), 0)).toBe('');
  });
});
