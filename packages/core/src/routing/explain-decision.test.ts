import { describe, expect, it } from 'vitest';
import { sampleModels } from './__fixtures__/sample-models.js';
import { createRouter } from './create-router.js';
import { explainDecision } from './explain-decision.js';

describe('explainDecision', () => {
  const router = createRouter({ models: sampleModels() });

  it('explains the choice, the cost, the budget and the losers', () => {
    const decision = router.route('Hello', {
      strategy: 'best_quality',
      budget: 0.005,
      scenario: { capabilities: [], complexity: 'simple', signals: ['short'] },
    });
    const lines = explainDecision(decision, { maxRejections: 2 });
    expect(lines[0]).toBe(
      'Chose anthropic/claude-sonnet-4 (mid tier) with strategy best_quality: highest tier within budget, then the highest-priced (strongest) model of that tier.',
    );
    expect(lines[1]).toBe('Prompt: simple, needs general chat (signals: short).');
    expect(lines[2]).toMatch(
      /^Estimated cost \$0\.0039 for ~\d+ input \+ ~256 output tokens; worst case \$0\.00\d\d\.$/,
    );
    expect(lines[3]).toBe('Within budget $0.0050.');
    expect(lines[4]).toBe('Passed over 6 other models: 2 over-budget, 4 not-chosen.');
    expect(lines[5]).toMatch(
      /^ {2}- (anthropic\/claude-opus-4|openai\/o3): over-budget, estimated \$0\.0\d+ > budget \$0\.0050$/,
    );
    expect(lines.at(-1)).toBe('  … and 4 more.');
  });

  it('says when there is no budget and when the choice is best effort', () => {
    expect(
      explainDecision(
        router.route('Hi', { scenario: { capabilities: [], complexity: 'simple', signals: [] } }),
      ),
    ).toContain('No budget set.');
    const over = router.route('Hi', {
      budget: '0.0000001',
      budgetStrict: false,
      scenario: { capabilities: ['code'], complexity: 'simple', signals: [] },
    });
    expect(explainDecision(over)[1]).toBe('Prompt: simple, needs code.');
    expect(explainDecision(over)[3]).toMatch(/^Over budget \$0\.00000010: nothing fits/);
  });
});
