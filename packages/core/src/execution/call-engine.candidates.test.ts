import {
  type AttemptRecord,
  type BudgetStore,
  InvalidArgumentError,
  NoRouteError,
  NoSuchModelError,
  NoSuchProviderError,
  usd,
} from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { createBudget, createMemoryBudgetStore } from '../budget/index.js';
import { createCallEngine } from './call-engine.js';
import type { Candidate, CandidateSource, CandidateState } from './candidate-source.js';
import type { CallEngineOptions } from './engine-types.js';
import {
  apiError,
  createFakeModel,
  type FakeModel,
  fakeInfo,
  hiPrompt as prompt,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { createModelHealth } from './model-health.js';
import { noRetry } from './retry-policy.js';

// The candidate loop: which models a call tries, in which order and how many, what it tells a candidate source,
// which failures move on, which stop the call, and what each failure teaches the shared model health.
const noProvider = (providerId: string) => new NoSuchProviderError({ providerId, availableProviders: [] });
const answers = (provider = 'fake') =>
  createFakeModel({ provider, generate: [textResult('ok', usageOf(10, 5))] });
const fails = (statusCode: number, provider = 'fake') =>
  createFakeModel({ provider, generate: [{ error: apiError(statusCode) }] });

function engineWith(records: AttemptRecord[], options: CallEngineOptions = {}) {
  return createCallEngine({
    countInputTokens: () => 1_000,
    retry: noRetry(),
    onRecord: (record) => records.push(record),
    ...options,
  });
}

/** A source over `candidates` that keeps a copy of every state it was asked with. */
function recordingSource(candidates: Candidate[], moveKind: CandidateSource['moveKind'] = 'escalation') {
  const states: CandidateState[] = [];
  let index = 0;
  const source: CandidateSource = {
    moveKind,
    next(state) {
      states.push({
        ...state,
        tried: [...state.tried],
        avoid: new Set(state.avoid),
        suppressed: new Set(state.suppressed),
      });
      return candidates[index++];
    },
  };
  return { source, states };
}

describe('call engine candidate loop', () => {
  it('refuses an empty candidate list before anything else', async () => {
    const rejection = createCallEngine().generate({ options: { prompt }, candidates: [] });
    await expect(rejection).rejects.toSatisfy(InvalidArgumentError.isInstance);
    await expect(rejection).rejects.toMatchObject({
      argument: 'candidates',
      message: 'No candidate model to call: pass at least one.',
    });
  });

  it('throws NoRouteError when a source has no candidate at all', async () => {
    const rejection = createCallEngine().generate({
      options: { prompt },
      candidates: { moveKind: 'failover', next: () => undefined },
    });
    await expect(rejection).rejects.toSatisfy(NoRouteError.isInstance);
    await expect(rejection).rejects.toThrow(
      'No model could be tried for this call: every candidate was excluded.',
    );
  });

  it('tells the source what was tried, the last error, the room left and the counted input', async () => {
    const health = createModelHealth();
    health.suppress('x/suppressed');
    const failure = apiError(503);
    const first = fakeInfo({ id: 'a/one' });
    const second = fakeInfo({ id: 'b/two' });
    const { source, states } = recordingSource([
      { info: first, model: createFakeModel({ generate: [{ error: failure }] }) },
      { info: second, model: answers() },
    ]);
    const budget = createBudget({ limit: usd('1') });
    const answer = await engineWith([], { health }).generate({
      options: { prompt },
      candidates: source,
      budget,
    });
    expect(answer.modelInfo).toBe(second);
    expect(states).toEqual([
      {
        tried: [],
        lastError: undefined,
        remaining: usd('1'),
        inputTokens: 0,
        avoid: new Set(['x/suppressed']),
        suppressed: new Set(['x/suppressed']),
      },
      {
        tried: [first],
        lastError: failure,
        remaining: usd('1'),
        inputTokens: 1_000,
        avoid: new Set(['x/suppressed', 'a/one']),
        suppressed: new Set(['x/suppressed']),
      },
    ]);
  });

  it('records the source’s move kind for candidates after the first', async () => {
    const records: AttemptRecord[] = [];
    const { source } = recordingSource([
      { info: fakeInfo({ id: 'a/one' }), model: fails(503) },
      { info: fakeInfo({ id: 'b/two' }), model: answers() },
    ]);
    await engineWith(records).generate({ options: { prompt }, candidates: source });
    expect(records.map((record) => record.attemptKind)).toEqual(['first', 'escalation']);
  });

  it('tries at most maxModels candidates: 4 by default, the engine’s setting, or the call’s', async () => {
    const candidates = () =>
      Array.from({ length: 6 }, (_, index) => ({ info: fakeInfo({ id: `m/${index}` }), model: fails(503) }));
    const tried = async (options: CallEngineOptions, maxModels?: number) => {
      const list = candidates();
      await expect(
        engineWith([], options).generate({
          options: { prompt },
          candidates: list,
          ...(maxModels === undefined ? {} : { maxModels }),
        }),
      ).rejects.toMatchObject({ statusCode: 503 });
      return list.filter((candidate) => candidate.model.calls.length > 0).length;
    };
    expect(await tried({})).toBe(4);
    expect(await tried({ maxModels: 2 })).toBe(2);
    expect(await tried({ maxModels: 2 }, 5)).toBe(5);
  });

  it('counts a refused candidate among maxModels', async () => {
    const records: AttemptRecord[] = [];
    const last = answers();
    await expect(
      engineWith(records, { maxModels: 2 }).generate({
        options: { prompt },
        candidates: [
          {
            info: fakeInfo({ id: 'x/pricey', pricing: { inputPerMillion: 1_000, outputPerMillion: 1_000 } }),
            model: answers(),
          },
          { info: fakeInfo({ id: 'x/unpriced', pricing: undefined }), model: answers() },
          { info: fakeInfo({ id: 'x/cheap' }), model: last },
        ],
        budget: createBudget({ limit: usd('0.01') }),
      }),
    ).rejects.toSatisfy(InvalidArgumentError.isInstance);
    expect(last.calls).toHaveLength(0);
    expect(records.map((record) => [record.modelId, record.outcome, record.attemptKind])).toEqual([
      ['x/pricey', 'refused', 'first'],
      ['x/unpriced', 'refused', 'failover'],
    ]);
  });

  it('throws the last failure, not NoRouteError, when the candidates run out after failures', async () => {
    const last = apiError(502);
    await expect(
      engineWith([]).generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: fails(503) },
          { info: fakeInfo({ id: 'b/two' }), model: createFakeModel({ generate: [{ error: last }] }) },
        ],
      }),
    ).rejects.toBe(last);
  });

  it('stops at a failure the next model would have too (HTTP 400): the next one is never called', async () => {
    const next = answers();
    await expect(
      engineWith([]).generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: fails(400) },
          { info: fakeInfo({ id: 'b/two' }), model: next },
        ],
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(next.calls).toHaveLength(0);
  });

  it('does not fail over when the call says so, even after a failure that would', async () => {
    const next = answers();
    await expect(
      engineWith([]).generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: fails(503) },
          { info: fakeInfo({ id: 'b/two' }), model: next },
        ],
        failover: false,
      }),
    ).rejects.toMatchObject({ statusCode: 503 });
    expect(next.calls).toHaveLength(0);
  });
});

describe('call engine model resolution', () => {
  it('refuses a candidate without a model when the engine has no resolver, and stops there', async () => {
    const records: AttemptRecord[] = [];
    const next = answers();
    const rejection = engineWith(records).generate({
      options: { prompt },
      candidates: [{ info: fakeInfo({ id: 'a/one' }) }, { info: fakeInfo({ id: 'b/two' }), model: next }],
    });
    await expect(rejection).rejects.toMatchObject({
      argument: 'resolve',
      message: 'No model object for "a/one": pass candidates with a model, or give the engine a resolver.',
    });
    expect(next.calls).toHaveLength(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      modelId: 'a/one',
      called: false,
      outcome: 'refused',
      attemptKind: 'first',
    });
    expect(records[0]).not.toHaveProperty('providerId');
  });

  it('calls a model the resolver returned as it is, or with the provider it named', async () => {
    const plain = answers('vendor');
    const routed = answers('vendor');
    const records: AttemptRecord[] = [];
    const engine = engineWith(records, {
      resolve: (id) => (id === 'a/plain' ? plain : { model: routed, providerId: 'openrouter' }),
    });
    await engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo({ id: 'a/plain' }) }] });
    await engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo({ id: 'b/routed' }) }] });
    expect(plain.calls).toHaveLength(1);
    expect(routed.calls).toHaveLength(1);
    expect(records.map((record) => record.providerId)).toEqual(['vendor', 'openrouter']);
  });

  it('records a model no provider serves as refused, suppresses it and moves on', async () => {
    const records: AttemptRecord[] = [];
    const health = createModelHealth();
    const served = answers();
    const engine = engineWith(records, {
      health,
      resolve: (id) => {
        if (id.startsWith('gone/')) throw noProvider('gone');
        return served;
      },
    });
    const answer = await engine.generate({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'gone/one' }) },
        { info: fakeInfo({ id: 'gone/two' }) },
        { info: fakeInfo({ id: 'ok/three' }) },
      ],
    });
    expect(answer.modelInfo.id).toBe('ok/three');
    expect(
      records.map((record) => [
        record.modelId,
        record.called,
        record.outcome,
        record.attemptKind,
        record.attempt,
      ]),
    ).toEqual([
      ['gone/one', false, 'refused', 'first', 1],
      ['gone/two', false, 'refused', 'failover', 2],
      ['ok/three', true, 'ok', 'failover', 3],
    ]);
    expect(records[0]!.errorClass).toBe('TokenwiseNoSuchProviderError');
    expect(health.isSuppressed('gone/one')).toBe(true);
    expect(health.isSuppressed('gone/two')).toBe(true);
  });

  it('stops after an unservable model when the call does not fail over', async () => {
    const served = answers();
    const failure = noProvider('gone');
    const engine = engineWith([], {
      resolve: (id) => {
        if (id === 'gone/one') throw failure;
        return served;
      },
    });
    await expect(
      engine.generate({
        options: { prompt },
        candidates: [{ info: fakeInfo({ id: 'gone/one' }) }, { info: fakeInfo({ id: 'ok/two' }) }],
        failover: false,
      }),
    ).rejects.toBe(failure);
    expect(served.calls).toHaveLength(0);
  });

  it('throws the resolver’s failure, not the abort reason, when the caller gave up meanwhile', async () => {
    const controller = new AbortController();
    const served = answers();
    const failure = noProvider('gone');
    const engine = engineWith([], {
      resolve: (id) => {
        if (id !== 'gone/one') return served;
        controller.abort(new Error('client went away'));
        throw failure;
      },
    });
    await expect(
      engine.generate({
        options: { prompt, abortSignal: controller.signal },
        candidates: [{ info: fakeInfo({ id: 'gone/one' }) }, { info: fakeInfo({ id: 'ok/two' }) }],
      }),
    ).rejects.toBe(failure);
    expect(served.calls).toHaveLength(0);
  });
});

describe('call engine provider blame', () => {
  it('skips, without an attempt, the other models of a provider that refused our key', async () => {
    const records: AttemptRecord[] = [];
    const sameProvider = answers('p');
    const other = answers('q');
    const { source, states } = recordingSource(
      [
        { info: fakeInfo({ id: 'p/one' }), model: fails(401, 'p') },
        { info: fakeInfo({ id: 'p/two' }), model: sameProvider },
        { info: fakeInfo({ id: 'q/three' }), model: other },
      ],
      'failover',
    );
    const answer = await engineWith(records).generate({ options: { prompt }, candidates: source });
    expect(answer.modelInfo.id).toBe('q/three');
    expect(sameProvider.calls).toHaveLength(0);
    expect(records.map((record) => [record.modelId, record.attempt, record.attemptKind])).toEqual([
      ['p/one', 1, 'first'],
      ['q/three', 2, 'failover'],
    ]);
    // The skipped model is avoided from then on, but it was not tried.
    expect(states[2]!.avoid.has('p/two')).toBe(true);
    expect(states[2]!.tried.map((info) => info.id)).toEqual(['p/one']);
  });

  it('judges the provider a resolver named, not the model object’s', async () => {
    const first = fails(401, 'vendor-a');
    const second = answers('vendor-b');
    const engine = engineWith([], {
      resolve: (id) => ({ model: id === 'or/one' ? first : second, providerId: 'openrouter' }),
    });
    await expect(
      engine.generate({
        options: { prompt },
        candidates: [{ info: fakeInfo({ id: 'or/one' }) }, { info: fakeInfo({ id: 'or/two' }) }],
      }),
    ).rejects.toMatchObject({ statusCode: 401 });
    expect(second.calls).toHaveLength(0);
  });

  it('gives up after 50 skipped candidates of an unusable provider, with the provider’s error', async () => {
    let asked = 0;
    const refused = apiError(401);
    const source: CandidateSource = {
      moveKind: 'failover',
      next: () => {
        asked++;
        return asked === 1
          ? {
              info: fakeInfo({ id: 'p/0' }),
              model: createFakeModel({ provider: 'p', generate: [{ error: refused }] }),
            }
          : { info: fakeInfo({ id: `p/${asked}` }), model: answers('p') };
      },
    };
    await expect(engineWith([]).generate({ options: { prompt }, candidates: source })).rejects.toBe(refused);
    // The first candidate, then 51 skips: the 51st is one too many.
    expect(asked).toBe(52);
  });
});

describe('call engine model health', () => {
  it('clears a model’s strikes when it answers', async () => {
    const health = createModelHealth({ strikes: 2 });
    const engine = engineWith([], { health });
    const call = (first: FakeModel) =>
      engine.generate({
        options: { prompt },
        candidates: [
          { info: fakeInfo({ id: 'a/one' }), model: first },
          { info: fakeInfo({ id: 'b/two' }), model: answers() },
        ],
      });
    await call(fails(503));
    await call(answers());
    await call(fails(503));
    // Two strikes in all, but an answer between them: not suppressed.
    expect(health.isSuppressed('a/one')).toBe(false);
    await call(fails(503));
    expect(health.isSuppressed('a/one')).toBe(true);
  });

  it('suppresses a model the vendor will not serve at once, and tells the next call’s source', async () => {
    const health = createModelHealth();
    const engine = engineWith([], { health });
    await engine.generate({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'a/one' }), model: fails(404) },
        { info: fakeInfo({ id: 'b/two' }), model: answers() },
      ],
    });
    expect([...health.suppressed()]).toEqual(['a/one']);
    const { source, states } = recordingSource([{ info: fakeInfo({ id: 'b/two' }), model: answers() }]);
    await engine.generate({ options: { prompt }, candidates: source });
    expect(states[0]!.suppressed).toEqual(new Set(['a/one']));
    expect(states[0]!.avoid).toEqual(new Set(['a/one']));
  });

  it('does not count a failure of our own budget store against the model', async () => {
    const memory = createMemoryBudgetStore();
    await memory.define([{ id: 'key:k', limit: usd('1') }]);
    const store: BudgetStore = {
      ...memory,
      reserve: async () => {
        throw new DOMException('The store timed out.', 'TimeoutError');
      },
    };
    const records: AttemptRecord[] = [];
    const health = createModelHealth({ strikes: 1 });
    const model = answers();
    await expect(
      engineWith(records, { health }).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo({ id: 'a/one' }), model }],
        shared: { store, scopes: ['key:k'] },
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(model.calls).toHaveLength(0);
    expect(records.map((record) => [record.called, record.outcome])).toEqual([[false, 'refused']]);
    expect(health.isSuppressed('a/one')).toBe(false);
  });

  it('suppresses a model found unknown before anything was sent, and moves on', async () => {
    const health = createModelHealth();
    const records: AttemptRecord[] = [];
    const next = answers();
    const answer = await engineWith(records, {
      health,
      countInputTokens: (_call, { modelId }) => {
        if (modelId === 'a/gone') throw new NoSuchModelError({ modelId });
        return 1_000;
      },
    }).generate({
      options: { prompt },
      candidates: [
        { info: fakeInfo({ id: 'a/gone' }), model: answers() },
        { info: fakeInfo({ id: 'b/two' }), model: next },
      ],
    });
    expect(answer.modelInfo.id).toBe('b/two');
    expect(records.map((record) => [record.modelId, record.called, record.outcome])).toEqual([
      ['a/gone', false, 'refused'],
      ['b/two', true, 'ok'],
    ]);
    expect(health.isSuppressed('a/gone')).toBe(true);
  });

  it('counts a transient upstream failure as a strike', async () => {
    const health = createModelHealth({ strikes: 1 });
    await expect(
      engineWith([], { health }).generate({
        options: { prompt },
        candidates: [{ info: fakeInfo({ id: 'a/one' }), model: fails(503) }],
      }),
    ).rejects.toMatchObject({ statusCode: 503 });
    expect(health.isSuppressed('a/one')).toBe(true);
  });
});
