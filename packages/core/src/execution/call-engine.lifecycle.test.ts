import { getEventListeners } from 'node:events';
import type { AttemptRecord, CallOptions, GenerateResult, StreamPart } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBudget } from '../budget/index.js';
import { createCallEngine } from './call-engine.js';
import {
  createFakeModel,
  fakeInfo,
  hiPrompt as prompt,
  readAll,
  textResult,
  usageOf,
} from './fake-language-model.test-helper.js';
import { createModelHealth } from './model-health.js';
import { noRetry } from './retry-policy.js';

// The engine's own bookkeeping of calls in flight: what `inFlight`, `idle` and `abortAll` promise a server that
// shuts down (every call aborted, and every reservation ended before it exits), and the caller's abort signal
// (followed while the call runs, let go of once it ended).

/**
 * A model whose one answer waits until `open` is called, and that fails with the abort reason when its signal
 * aborts; `reached` resolves once the engine called it (its reservation is held by then).
 */
function gatedModel() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let enter!: () => void;
  const reached = new Promise<void>((resolve) => (enter = resolve));
  const model = createFakeModel({
    generate: [
      (call: CallOptions) =>
        new Promise<GenerateResult>((resolve, reject) => {
          call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason), { once: true });
          void gate.then(() => resolve(textResult('x', usageOf(10, 5))));
          enter();
        }),
    ],
  });
  return { model, open, reached };
}

/** Lets pending promise callbacks run. */
const turns = async (count = 10) => {
  for (let index = 0; index < count; index++) await Promise.resolve();
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('call engine calls in flight', () => {
  it('counts a generate call until it answered', async () => {
    const engine = createCallEngine({ countInputTokens: () => 10 });
    const { model, open, reached } = gatedModel();
    expect(engine.inFlight).toBe(0);
    const pending = engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo(), model }] });
    expect(engine.inFlight).toBe(1);
    await reached;
    open();
    await pending;
    expect(engine.inFlight).toBe(0);
  });

  it('counts a stream until its money is settled, not only until it opened', async () => {
    const engine = createCallEngine({ countInputTokens: () => 10, countOutputTokens: (text) => text.length });
    const parts: StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', delta: 'hello' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usageOf(10, 5) },
    ];
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info: fakeInfo(), model: createFakeModel({ stream: [parts] }) }],
    });
    expect(engine.inFlight).toBe(1);
    let idle = false;
    void engine.idle().then(() => (idle = true));
    await turns();
    expect(idle).toBe(false);
    await readAll(result.stream);
    await result.outcome;
    await turns();
    expect(engine.inFlight).toBe(0);
    expect(idle).toBe(true);
  });

  it('stops counting a stream that never opened', async () => {
    const engine = createCallEngine({ countInputTokens: () => 10, retry: noRetry() });
    const failure = new TypeError('bad request');
    await expect(
      engine.stream({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model: createFakeModel({ stream: [{ error: failure }] }) }],
      }),
    ).rejects.toBe(failure);
    expect(engine.inFlight).toBe(0);
    await engine.idle();
  });

  it('is idle at once with nothing in flight, and only once the last of several calls ended', async () => {
    const engine = createCallEngine({ countInputTokens: () => 10 });
    await engine.idle();
    const first = gatedModel();
    const second = gatedModel();
    const calls = [
      engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo(), model: first.model }] }),
      engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo(), model: second.model }] }),
    ];
    const woken: string[] = [];
    void engine.idle().then(() => woken.push('a'));
    void engine.idle().then(() => woken.push('b'));
    await Promise.all([first.reached, second.reached]);
    first.open();
    await calls[0];
    await turns();
    expect(engine.inFlight).toBe(1);
    expect(woken).toEqual([]);
    second.open();
    await calls[1];
    await turns();
    expect(woken).toEqual(['a', 'b']);
    // A waiter is woken once: a later call that ends does not wake it again, and a new waiter waits for it.
    const third = gatedModel();
    const call = engine.generate({
      options: { prompt },
      candidates: [{ info: fakeInfo(), model: third.model }],
    });
    let late = false;
    void engine.idle().then(() => (late = true));
    await turns();
    expect(late).toBe(false);
    third.open();
    await call;
    await turns();
    expect(late).toBe(true);
    expect(woken).toEqual(['a', 'b']);
  });
});

describe('call engine abortAll', () => {
  it('aborts every call with a shutdown reason and resolves once their money was released', async () => {
    const records: AttemptRecord[] = [];
    const budget = createBudget({ limit: usd('1') });
    const engine = createCallEngine({
      countInputTokens: () => 10,
      onRecord: (record) => records.push(record),
    });
    const first = gatedModel();
    const second = gatedModel();
    const calls = [first, second].map((gated) =>
      engine.generate({
        options: { prompt },
        candidates: [{ info: fakeInfo(), model: gated.model }],
        budget,
      }),
    );
    const settled = Promise.allSettled(calls);
    await Promise.all([first.reached, second.reached]);
    expect(budget.snapshot().openReservations).toBe(2);
    await engine.abortAll();
    // Resolved only after both calls released their reservations and recorded their attempts.
    expect(budget.snapshot()).toMatchObject({ reserved: 0n, openReservations: 0, releasedReservations: 2 });
    expect(records.map((record) => record.outcome)).toEqual(['cancelled', 'cancelled']);
    expect(engine.inFlight).toBe(0);
    for (const result of await settled) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as DOMException;
      expect(reason.name).toBe('AbortError');
      expect(reason.message).toBe('The server is shutting down.');
    }
  });

  it('aborts with the reason it was given', async () => {
    const engine = createCallEngine({ countInputTokens: () => 10 });
    const { model, reached } = gatedModel();
    const call = engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo(), model }] });
    await reached;
    const why = new Error('deploying');
    await engine.abortAll(why);
    await expect(call).rejects.toBe(why);
  });

  it('settles a stream being read when it aborts it, before resolving', async () => {
    const budget = createBudget({ limit: usd('1') });
    const engine = createCallEngine({ countInputTokens: () => 10, countOutputTokens: (text) => text.length });
    const model = {
      ...createFakeModel({}),
      async doStream() {
        let index = 0;
        return {
          stream: new ReadableStream<StreamPart>({
            pull(controller) {
              // Content, then an upstream that never finishes.
              if (index++ === 0) controller.enqueue({ type: 'text-delta', delta: 'hello' });
            },
          }),
        };
      },
    };
    const result = await engine.stream({
      options: { prompt },
      candidates: [{ info: fakeInfo(), model }],
      budget,
    });
    expect(budget.snapshot().openReservations).toBe(1);
    await engine.abortAll();
    expect(budget.snapshot()).toMatchObject({ reserved: 0n, openReservations: 0, settledReservations: 1 });
    expect((await result.outcome).record.outcome).toBe('cancelled');
    expect(engine.inFlight).toBe(0);
  });

  it('resolves at once with nothing in flight', async () => {
    await createCallEngine().abortAll();
  });
});

describe('call engine and the caller’s signal', () => {
  it('lets go of the caller’s signal once a call ended, answered or failed', async () => {
    const controller = new AbortController();
    const engine = createCallEngine({ countInputTokens: () => 10 });
    await engine.generate({
      options: { prompt, abortSignal: controller.signal },
      candidates: [
        { info: fakeInfo(), model: createFakeModel({ generate: [textResult('x', usageOf(1, 1))] }) },
      ],
    });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await expect(
      engine.generate({
        options: { prompt, abortSignal: controller.signal },
        candidates: [
          { info: fakeInfo(), model: createFakeModel({ generate: [{ error: new TypeError('bad') }] }) },
        ],
      }),
    ).rejects.toThrow('bad');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('lets go of the caller’s signal once a stream settled', async () => {
    const controller = new AbortController();
    const engine = createCallEngine({ countInputTokens: () => 10, countOutputTokens: (text) => text.length });
    const parts: StreamPart[] = [
      { type: 'text-delta', delta: 'hello' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usageOf(10, 5) },
    ];
    const result = await engine.stream({
      options: { prompt, abortSignal: controller.signal },
      candidates: [{ info: fakeInfo(), model: createFakeModel({ stream: [parts] }) }],
    });
    expect(getEventListeners(controller.signal, 'abort').length).toBeGreaterThan(0);
    await readAll(result.stream);
    await result.outcome;
    await turns();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('aborts a running call with the caller’s reason', async () => {
    const controller = new AbortController();
    const engine = createCallEngine({ countInputTokens: () => 10 });
    const { model, reached } = gatedModel();
    const call = engine.generate({
      options: { prompt, abortSignal: controller.signal },
      candidates: [{ info: fakeInfo(), model }],
    });
    await reached;
    const why = new Error('client went away');
    controller.abort(why);
    await expect(call).rejects.toBe(why);
  });

  it('sends nothing for a caller that had already given up, and throws its reason', async () => {
    const engine = createCallEngine({ countInputTokens: () => 10 });
    const model = createFakeModel({ generate: [textResult('never', usageOf(1, 1))] });
    const why = new Error('gone before the call');
    await expect(
      engine.generate({
        options: { prompt, abortSignal: AbortSignal.abort(why) },
        candidates: [{ info: fakeInfo(), model }],
      }),
    ).rejects.toBe(why);
    expect(model.calls).toHaveLength(0);
  });
});

describe('call engine attempt timeout', () => {
  it('stops an attempt’s timer once it answered or failed: its signal never aborts afterwards', async () => {
    const signals: AbortSignal[] = [];
    const engine = createCallEngine({ countInputTokens: () => 10, attemptTimeoutMs: 20, retry: noRetry() });
    const answering = createFakeModel({
      generate: [
        (call) => {
          signals.push(call.abortSignal!);
          return textResult('x', usageOf(1, 1));
        },
      ],
    });
    const failing = createFakeModel({
      generate: [
        (call) => {
          signals.push(call.abortSignal!);
          throw new TypeError('bad request');
        },
      ],
    });
    const answer = await engine.generate({
      options: { prompt },
      candidates: [{ info: fakeInfo(), model: answering }],
    });
    expect(answer.model).toBe(answering);
    await expect(
      engine.generate({ options: { prompt }, candidates: [{ info: fakeInfo(), model: failing }] }),
    ).rejects.toThrow('bad request');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signals.map((signal) => signal.aborted)).toEqual([false, false]);
  });
});

describe('call engine settings', () => {
  it('exposes the model health it was given, and the escalation policy', () => {
    const health = createModelHealth();
    const engine = createCallEngine({ health, escalationPolicy: 'monotonic' });
    expect(engine.health).toBe(health);
    expect(engine.escalationPolicy).toBe('monotonic');
  });

  it('has a health of its own by default, and a flexible escalation policy', () => {
    const one = createCallEngine();
    const two = createCallEngine();
    one.health.suppress('fake/model');
    expect(one.health.isSuppressed('fake/model')).toBe(true);
    expect(two.health.isSuppressed('fake/model')).toBe(false);
    expect(one.escalationPolicy).toBe('flexible');
  });
});
