import { describe, expect, it } from 'vitest';
import { sampleModels } from '../routing/__fixtures__/sample-models.js';
import { type CandidateRouter, routedCandidates } from './candidate-source.js';

// What routed candidates ask the router when the call sets nothing optional: only what it has, no `undefined`
// fields a router would have to tell from absent ones.
const deepseek = sampleModels().find((model) => model.id === 'deepseek/deepseek-chat')!;

describe('routedCandidates router options', () => {
  it('asks an unlimited first pick with the strategy, the strict budget flag and the exclusions only', () => {
    const calls: Parameters<CandidateRouter['route']>[1][] = [];
    const router: CandidateRouter = {
      route(_input, options) {
        calls.push(options);
        return { model: deepseek };
      },
    };
    const source = routedCandidates({ router, input: 'hi', strategy: 'balanced', policy: 'flexible' });
    const state = {
      tried: [],
      lastError: undefined,
      remaining: undefined,
      inputTokens: 10,
      avoid: new Set<string>(),
      suppressed: new Set<string>(),
    };
    expect(source.next(state)).toEqual({ info: deepseek });
    expect(calls).toStrictEqual([{ strategy: 'balanced', budgetStrict: true, exclude: [] }]);
  });
});
