import { type ModelInfo, NoRouteError, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { sampleModel, sampleModels } from '../routing/__fixtures__/sample-models.js';
import { nextCandidates } from '../routing/next-candidates.js';
import {
  type CandidateRouter,
  type CandidateState,
  candidateList,
  candidatesThen,
  escalationCandidates,
  routedCandidates,
  tierFloor,
} from './candidate-source.js';

// The candidate sequences the engine walks: what each asks the router (or the escalation ladder) for after each
// failure, and when it stops.
const models = sampleModels();
const byId = (id: string): ModelInfo => models.find((model) => model.id === id)!;
const deepseek = byId('deepseek/deepseek-chat'); // budget
const gpt41 = byId('openai/gpt-4.1'); // mid
const opus = byId('anthropic/claude-opus-4'); // flagship

function state(overrides: Partial<CandidateState> = {}): CandidateState {
  return {
    tried: [],
    lastError: undefined,
    remaining: undefined,
    inputTokens: 100,
    avoid: new Set(),
    suppressed: new Set(),
    ...overrides,
  };
}

type RouteCall = Parameters<CandidateRouter['route']>[1];

/** A router that answers from a script and records what it was asked. */
function scriptedRouter(...answers: (ModelInfo | Error)[]) {
  const calls: RouteCall[] = [];
  const router: CandidateRouter = {
    route(_input, options) {
      calls.push(options);
      const answer = answers.shift();
      if (answer === undefined || answer instanceof Error)
        throw answer ?? new NoRouteError({ message: 'none' });
      return { model: answer };
    },
  };
  return { router, calls };
}

describe('tierFloor', () => {
  it('stays on the failed tier when flexible, climbs one when monotonic, ends above a flagship', () => {
    expect(tierFloor('mid', 'flexible')).toBe('mid');
    expect(tierFloor('mid', 'monotonic')).toBe('flagship');
    expect(tierFloor('budget', 'monotonic')).toBe('mid');
    expect(tierFloor('flagship', 'monotonic')).toBeUndefined();
  });
});

describe('routedCandidates', () => {
  it('asks the router strictly within the budget, with the caller options and every model to avoid', () => {
    const { router, calls } = scriptedRouter(deepseek);
    const source = routedCandidates({
      router,
      input: 'hi',
      strategy: 'cheapest',
      capability: 'code',
      maxOutputTokens: 300,
      policy: 'flexible',
      exclude: () => ['x/banned'],
    });
    expect(source.moveKind).toBe('failover');
    expect(source.next(state({ remaining: 42n, avoid: new Set(['y/avoided']) }))).toEqual({ info: deepseek });
    expect(calls).toEqual([
      {
        strategy: 'cheapest',
        budget: 42n,
        capability: 'code',
        maxOutputTokens: 300,
        budgetStrict: true,
        exclude: ['y/avoided', 'x/banned'],
      },
    ]);
  });

  it('leaves out what the caller did not set', () => {
    const { router, calls } = scriptedRouter(deepseek);
    routedCandidates({ router, input: 'hi', strategy: 'balanced', policy: 'flexible' }).next(state());
    expect(calls).toEqual([{ strategy: 'balanced', budgetStrict: true, exclude: [] }]);
  });

  it('after a failure asks for the same tier or higher (flexible) or strictly higher (monotonic)', () => {
    for (const [policy, minTier] of [
      ['flexible', 'mid'],
      ['monotonic', 'flagship'],
    ] as const) {
      const { router, calls } = scriptedRouter(opus);
      const source = routedCandidates({ router, input: 'hi', strategy: 'cheapest', policy });
      expect(source.next(state({ tried: [gpt41] }))).toEqual({ info: opus });
      expect(calls[0]?.minTier).toBe(minTier);
    }
  });

  it('stops after a flagship fails under the monotonic policy, without asking', () => {
    const { router, calls } = scriptedRouter(opus);
    const source = routedCandidates({ router, input: 'hi', strategy: 'cheapest', policy: 'monotonic' });
    expect(source.next(state({ tried: [opus] }))).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('takes a suppressed model rather than none', () => {
    const { router, calls } = scriptedRouter(new NoRouteError({ message: 'none' }), deepseek);
    const source = routedCandidates({ router, input: 'hi', strategy: 'cheapest', policy: 'flexible' });
    const avoid = new Set(['a/failed', deepseek.id]);
    const next = source.next(state({ avoid, suppressed: new Set([deepseek.id]) }));
    expect(next).toEqual({ info: deepseek });
    expect(calls.map((call) => call.exclude)).toEqual([['a/failed', deepseek.id], ['a/failed']]);
  });

  it('explains a first call that nothing fits, and ends quietly after a failure', () => {
    const none = () => new NoRouteError({ message: 'nothing fits' });
    const first = routedCandidates({
      router: scriptedRouter(none(), none()).router,
      input: 'hi',
      strategy: 'cheapest',
      policy: 'flexible',
    });
    expect(() => first.next(state())).toThrow('nothing fits');
    const later = routedCandidates({
      router: scriptedRouter(none(), none()).router,
      input: 'hi',
      strategy: 'cheapest',
      policy: 'flexible',
    });
    expect(later.next(state({ tried: [deepseek], suppressed: new Set(['z/z']) }))).toBeUndefined();
  });

  it('lets any other router error through, on the first try and on the suppressed retry', () => {
    const broken = routedCandidates({
      router: scriptedRouter(new Error('router bug')).router,
      input: 'hi',
      strategy: 'cheapest',
      policy: 'flexible',
    });
    expect(() => broken.next(state())).toThrow('router bug');
    const brokenRetry = routedCandidates({
      router: scriptedRouter(new NoRouteError({ message: 'none' }), new Error('router bug')).router,
      input: 'hi',
      strategy: 'cheapest',
      policy: 'flexible',
    });
    expect(() => brokenRetry.next(state({ suppressed: new Set(['s/s']) }))).toThrow('router bug');
  });
});

describe('escalationCandidates', () => {
  const first = { info: deepseek };

  it('starts with the given model, then climbs as nextCandidates orders', () => {
    for (const policy of ['flexible', 'monotonic'] as const) {
      const source = escalationCandidates({ models: () => models, first, policy });
      expect(source.moveKind).toBe('escalation');
      expect(source.next(state())).toBe(first);
      const expected = nextCandidates(models, {
        current: deepseek,
        inputTokens: 100,
        exclude: [deepseek.id],
        strictlyHigherTier: policy === 'monotonic',
      })[0];
      expect(source.next(state({ tried: [deepseek], avoid: new Set([deepseek.id]) }))).toEqual({
        info: expected,
      });
    }
  });

  it('honours capabilities, the remaining budget, output sizes and the escalation limit', () => {
    const math = escalationCandidates({
      models: () => models,
      first,
      policy: 'monotonic',
      capabilities: ['math'],
    });
    expect(math.next(state({ tried: [deepseek] }))).toEqual({ info: byId('openai/o3') });
    const poor = escalationCandidates({ models: () => models, first, policy: 'monotonic' });
    expect(poor.next(state({ tried: [deepseek], remaining: usd('0.000001') }))).toBeUndefined();
    // A minimum output of 2,000 tokens is more than $0.01 pays for on every higher tier.
    const remaining = usd('0.01');
    const small = escalationCandidates({
      models: () => models,
      first,
      policy: 'monotonic',
      minOutputTokens: 2_000,
    });
    expect(small.next(state({ tried: [deepseek], remaining }))).toBeUndefined();
    // A model with cheap input and dear output leads for short answers and trails for long ones.
    const trap = sampleModel(
      'trap/cheap-input',
      { inputPerMillion: 0.01, outputPerMillion: 50 },
      1_000_000,
      ['general'],
      'mid',
    );
    const withTrap = () => [...models, trap];
    for (const [expectedOutputTokens, id] of [
      [1, trap.id],
      [20_000, gpt41.id],
    ] as const) {
      const sized = escalationCandidates({
        models: withTrap,
        first,
        policy: 'monotonic',
        expectedOutputTokens,
      });
      expect(sized.next(state({ tried: [deepseek], inputTokens: 10_000 }))?.info.id).toBe(id);
    }
    const once = escalationCandidates({
      models: () => models,
      first,
      policy: 'monotonic',
      maxEscalations: 1,
    });
    expect(once.next(state({ tried: [deepseek] }))).toBeDefined();
    expect(once.next(state({ tried: [deepseek, gpt41] }))).toBeUndefined();
  });

  it('climbs from the last model tried', () => {
    const source = escalationCandidates({ models: () => models, first, policy: 'monotonic' });
    const tried = [deepseek, byId('openai/gpt-4.1-mini'), gpt41];
    expect(source.next(state({ tried, avoid: new Set(tried.map((model) => model.id)) }))?.info.tier).toBe(
      'flagship',
    );
  });

  it('never offers a model to avoid, nor the first one again', () => {
    const source = escalationCandidates({ models: () => models, first, policy: 'flexible' });
    const avoid = new Set(models.filter((model) => model.id !== opus.id).map((model) => model.id));
    expect(source.next(state({ tried: [gpt41], avoid }))).toEqual({ info: opus });
  });

  it('escalates at once from a suppressed first model, and says so when nothing is left', () => {
    const suppressed = new Set([deepseek.id]);
    const source = escalationCandidates({ models: () => models, first, policy: 'monotonic' });
    expect(source.next(state({ suppressed }))?.info.tier).toBe('mid');
    const alone = escalationCandidates({ models: () => [deepseek], first, policy: 'monotonic' });
    expect(() => alone.next(state({ suppressed }))).toThrow(
      'deepseek/deepseek-chat is suppressed after failing recently (HTTP 402/403/404 or repeated errors) and no other model fits the step: wait, or assign another model.',
    );
    expect(alone.next(state({ tried: [deepseek], suppressed }))).toBeUndefined();
  });
});

describe('candidatesThen', () => {
  it('walks the first source to its end, then the second, with the second kind of move', () => {
    const source = candidatesThen(
      candidateList([{ info: deepseek }]),
      candidateList([{ info: opus }], 'escalation'),
    );
    expect(source.moveKind).toBe('escalation');
    expect(source.next(state())).toEqual({ info: deepseek });
    expect(source.next(state())).toEqual({ info: opus });
    expect(source.next(state())).toBeUndefined();
  });

  it('never goes back to the first source once it ran out', () => {
    const answers = [undefined, { info: deepseek }];
    const flaky = { moveKind: 'failover' as const, next: () => answers.shift() };
    const source = candidatesThen(flaky, candidateList([{ info: opus }]));
    expect(source.next(state())).toEqual({ info: opus });
    expect(source.next(state())).toBeUndefined();
  });
});
