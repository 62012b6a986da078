import { createBudget, createProviderResolver, maxAffordableOutputTokens, noRetry } from '@tokenwise/core';
import { createOpenAI } from '@tokenwise/providers-openai';
import { usd } from '@tokenwise/spec';
import { hangReply, malformedJsonReply, openaiError, openaiText } from '@tokenwise/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { calledModel, calledPrompt, createHarness, makePlan } from '../__fixtures__/planner-fixtures.js';
import type { ExecutorEvent } from '../types/executor-event.js';
import { createExecutor, type ExecutorOptions } from './create-executor.js';
import { requireJson } from './step-validator.js';

function setup(extra: Partial<ExecutorOptions> = {}) {
  const harness = createHarness();
  const executor = createExecutor({
    registry: harness.registry,
    resolve: harness.resolve,
    retry: harness.retry,
    generateId: () => 'req000000001',
    // a stable count keeps the money arithmetic of these tests readable
    countTokens: () => 100,
    // Most tests here pin the strictly-upward path; the flexible policy has its own tests.
    escalationPolicy: 'monotonic',
    ...extra,
  });
  return { ...harness, executor };
}

const reply = (text: string, inputTokens = 100, outputTokens = 50) =>
  openaiText(text, { usage: { inputTokens, outputTokens } });
// gpt-4.1-mini: 100 × $0.40/M + 50 × $1.60/M
const MINI_100_50 = usd('0.00012');

describe('executor: running a DAG', () => {
  it('runs a single step (async parity 1, sequential parity 1)', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('result'));
    const result = await executor.execute(makePlan([{}], usd(1)));
    expect(result.success).toBe(true);
    expect(result.stepResults).toHaveLength(1);
    expect(result.finalOutput).toBe('result');
    expect(result.stepResults[0]).toMatchObject({
      modelId: 'openai/gpt-4.1-mini',
      cost: MINI_100_50,
      escalated: false,
    });
    expect(result.trace).toMatchObject({ requestId: 'req000000001', terminationState: 'completed' });
  });

  it('runs a dependent step after its prerequisite and gives it that output (parity 2, async 3)', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('first'), reply('second'));
    const result = await executor.execute(makePlan([{}, { dependsOn: [1] }], usd(1)));
    expect(result.success).toBe(true);
    expect(result.finalOutput).toBe('second');
    expect(result.totalCost).toBe(2n * MINI_100_50);
    expect(calledPrompt(upstream.calls[1]!)).toContain('[Step 1 output]:\nfirst');
    expect(calledPrompt(upstream.calls[1]!)).toContain('Current task: step 2 task');
  });

  it('shows a step only the outputs of the steps it depends on', async () => {
    const { executor, upstream } = setup();
    upstream.setDefault((call) => reply(`out of ${calledPrompt(call).slice(-11)}`));
    await executor.execute(makePlan([{}, {}, { dependsOn: [1] }], usd(1)), { concurrency: 1 });
    const third = calledPrompt(upstream.calls[2]!);
    expect(third).toContain('[Step 1 output]');
    expect(third).not.toContain('[Step 2 output]');
  });

  it('runs independent steps with their own outputs (async parity 2)', async () => {
    const { executor, upstream } = setup();
    upstream.setDefault((call) => reply(`answer to ${calledPrompt(call)}`));
    const result = await executor.execute(makePlan([{}, {}], usd(1)));
    expect(result.stepResults.map((r) => r.output)).toEqual([
      'answer to step 1 task',
      'answer to step 2 task',
    ]);
  });

  it('records one ledger entry per attempt with the original reasons (async parity 6)', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('ok'));
    const seen: unknown[] = [];
    const result = await executor.execute(makePlan([{}], usd(1)), { onAttempt: (entry) => seen.push(entry) });
    expect(result.ledger.entries).toHaveLength(1);
    expect(result.ledger.entries[0]).toMatchObject({
      reason: 'step 1 attempt 1',
      modelId: 'openai/gpt-4.1-mini',
      success: true,
      inputTokens: 100,
      outputTokens: 50,
      cost: MINI_100_50,
    });
    expect(seen).toEqual(result.ledger.entries);
  });

  it('reports budget remaining as budget minus planner and execution cost (async parity 8)', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('ok'));
    const result = await executor.execute(makePlan([{}], usd(1), usd('0.001')));
    expect(result.plannerCost).toBe(usd('0.001'));
    expect(result.totalCost).toBe(usd('0.001') + MINI_100_50);
    expect(result.budgetRemaining).toBe(usd(1) - usd('0.001') - MINI_100_50);
    expect(result.trace.budgetUsed).toBe(result.totalCost);
  });

  it('skips a step whose dependency failed, with the reason, and cascades', async () => {
    const { executor, upstream } = setup({ maxEscalations: 0 });
    upstream.enqueue(openaiError(400, 'bad request'), reply('independent'));
    const plan = makePlan([{}, { dependsOn: [1] }, { dependsOn: [2] }, {}], usd(1));
    const result = await executor.execute(plan, { concurrency: 1 });
    expect(result.success).toBe(false);
    expect(result.skippedSteps.map((s) => [s.step.id, s.reason])).toEqual([
      [2, 'Dependency step 1 failed.'],
      [3, 'Dependency step 2 was skipped.'],
    ]);
    expect(result.stepResults.map((r) => [r.stepId, r.success])).toEqual([
      [1, false],
      [4, true],
    ]);
    expect(result.trace.terminationState).toBe('failed');
  });

  it('rejects a dependency cycle before any call (async parity 11)', async () => {
    const { executor, upstream } = setup();
    const result = await executor.execute(makePlan([{ dependsOn: [2] }, { dependsOn: [1] }], usd(1)));
    expect(result.success).toBe(false);
    expect(result.stepResults).toHaveLength(0);
    expect(result.skippedSteps).toHaveLength(2);
    expect(result.skippedSteps[0]!.reason).toMatch(/^Dependency cycle among steps 1, 2/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('rejects a dependency on an unknown step', async () => {
    const { executor } = setup();
    const result = await executor.execute(makePlan([{ dependsOn: [9] }], usd(1)));
    expect(result.skippedSteps[0]!.reason).toBe('Step 1 depends on step 9, which is not in the plan.');
  });

  it('truncates dependency context to the token budget instead of 500 characters', async () => {
    const { executor, upstream } = setup({ contextTokens: 50 });
    upstream.enqueue(reply('word '.repeat(400)), reply('done'));
    await executor.execute(makePlan([{}, { dependsOn: [1] }], usd(1)));
    const prompt = calledPrompt(upstream.calls[1]!);
    expect(prompt).toContain('…[truncated]');
    expect(prompt.length).toBeLessThan(400);
  });
});

describe('executor: budget', () => {
  it('fails steps without calling when the budget cannot pay the minimum output (async parity 4)', async () => {
    const { executor, upstream } = setup();
    const result = await executor.execute(makePlan([{}, {}], usd('0.0001')));
    expect(upstream.calls).toHaveLength(0);
    expect(result.success).toBe(false);
    expect(result.stepResults.every((r) => r.error?.startsWith('Budget too low'))).toBe(true);
    expect(result.trace.terminationState).toBe('exhausted');
    expect(result.ledger.entries.every((e) => e.cost === 0n && !e.success)).toBe(true);
  });

  it('clamps max_tokens to what the budget pays for (guardrail parity 1-3)', async () => {
    const { executor, upstream, registry } = setup();
    upstream.enqueue(reply('ok'));
    await executor.execute(makePlan([{}], usd('0.016')), { maxOutputTokens: 20_000 });
    const sent = (upstream.calls[0]!.bodyJson as { max_tokens: number }).max_tokens;
    const mini = registry.get('openai/gpt-4.1-mini')!;
    expect(sent).toBe(maxAffordableOutputTokens(mini, { inputTokens: 100, budget: usd('0.016') }));
    expect(sent).toBe(9975); // ($0.016 − 100 × $0.40/M) / $1.60/M
  });

  it("clamps max_tokens to the model's maximum output (§14.1.8)", async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('ok'));
    await executor.execute(makePlan([{}], usd(100)), { maxOutputTokens: 1_000_000 });
    expect((upstream.calls[0]!.bodyJson as { max_tokens: number }).max_tokens).toBe(32_768);
  });

  it('refuses a call when the budget pays for fewer than min output tokens (guardrail parity 5)', async () => {
    const { executor, upstream } = setup();
    // 100 input tokens + 99 output tokens on gpt-4.1-mini
    const budget = usd('0.00004') + usd('0.0001584');
    const result = await executor.execute(makePlan([{}], budget));
    expect(upstream.calls).toHaveLength(0);
    expect(result.stepResults[0]!.error).toMatch(/^Budget too low/);
    expect(result.stepResults[0]!.failure).toBe('budget_exhausted');
  });

  it('honours a lower min output tokens setting (guardrail parity 6)', async () => {
    const { executor, upstream } = setup({ minOutputTokens: 10 });
    upstream.enqueue(reply('ok', 100, 10));
    const result = await executor.execute(makePlan([{}], usd('0.00004') + usd('0.00008')));
    expect(result.success).toBe(true);
    expect((upstream.calls[0]!.bodyJson as { max_tokens: number }).max_tokens).toBe(50);
  });

  it('charges the planner cost to the same budget (§14.1.6)', async () => {
    const { executor, upstream } = setup();
    const result = await executor.execute(makePlan([{}], usd('0.01'), usd('0.0099')));
    expect(upstream.calls).toHaveLength(0);
    expect(result.stepResults[0]!.failure).toBe('budget_exhausted');
    expect(result.totalCost).toBe(usd('0.0099'));
    expect(result.trace.terminationState).toBe('exhausted'); // trace parity 3
  });

  it('keeps parallel steps within the budget (async parity 10, invariant 1)', async () => {
    const { executor, upstream } = setup();
    // a vendor never bills more output than max_tokens
    upstream.setDefault((call) => {
      const maxTokens = (call.bodyJson as { max_tokens: number }).max_tokens;
      return reply('x'.repeat(4000), 100, Math.min(1000, maxTokens));
    });
    const result = await executor.execute(makePlan([{}, {}, {}], usd('0.002')), { concurrency: 3 });
    expect(result.totalCost <= usd('0.002')).toBe(true);
    // fair shares: all three ran instead of the first one reserving the whole budget
    expect(result.stepResults.every((r) => r.success)).toBe(true);
    expect(result.totalCost).toBe(result.stepResults.reduce((sum, r) => sum + r.cost, 0n));
  });
});

describe('executor: retries and escalation', () => {
  it('retries the same model on 429 with backoff, then succeeds', async () => {
    const { executor, upstream, sleeps } = setup();
    upstream.enqueue(openaiError(429, 'rate limited'), reply('ok'));
    const events: ExecutorEvent[] = [];
    const result = await executor.execute(makePlan([{}], usd(1)), { onEvent: (e) => events.push(e) });
    expect(result.success).toBe(true);
    expect(result.stepResults[0]).toMatchObject({ escalated: false, attempts: 2 });
    expect(upstream.calls.map(calledModel)).toEqual(['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini']);
    expect(sleeps).toEqual([500]);
    expect(events.map((e) => e.type)).toEqual([
      'step-start',
      'attempt',
      'step-retry',
      'attempt',
      'step-finish',
    ]);
    expect(result.ledger.entries.map((e) => [e.reason, e.success])).toEqual([
      ['step 1 attempt 1', false],
      ['step 1 attempt 2', true],
    ]);
  });

  it('escalates strictly upward, cheapest first in the tier, after retries fail (async parity 13)', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(
      openaiError(500, 'boom'),
      openaiError(500, 'boom'),
      openaiError(500, 'boom'),
      reply('rescued'),
    );
    const events: ExecutorEvent[] = [];
    const result = await executor.execute(makePlan([{ requiredCapabilities: ['code'] }], usd(1)), {
      onEvent: (e) => events.push(e),
    });
    expect(result.success).toBe(true);
    expect(result.finalOutput).toBe('rescued');
    expect(result.stepResults[0]).toMatchObject({ modelId: 'openai/gpt-4.1', escalated: true, attempts: 4 });
    expect(result.trace.escalations).toEqual([
      {
        stepId: 1,
        fromModel: 'openai/gpt-4.1-mini',
        fromTier: 'budget',
        toModel: 'openai/gpt-4.1',
        toTier: 'mid',
        reason: 'model_error',
        detail: expect.stringContaining('boom'),
      },
    ]);
    expect(result.trace).toMatchObject({
      initialModel: 'openai/gpt-4.1-mini',
      initialTier: 'budget',
      finalModel: 'openai/gpt-4.1',
      finalTier: 'mid',
    });
    expect(result.ledger.entries.at(-1)!.reason).toBe('step 1 escalation attempt 1');
    expect(events.some((e) => e.type === 'step-escalation')).toBe(true);
  });

  it('keeps required capabilities when escalating (math needs o3)', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(openaiError(404, 'no such model'), reply('proof'));
    const result = await executor.execute(
      makePlan([{ modelId: 'deepseek/deepseek-chat', requiredCapabilities: ['math'] }], usd(1)),
    );
    expect(upstream.calls.map(calledModel)).toEqual(['deepseek/deepseek-chat', 'openai/o3']);
    expect(result.stepResults[0]!.modelId).toBe('openai/o3');
  });

  it('does not escalate to models the remaining budget cannot pay for', async () => {
    const { executor, upstream } = setup();
    upstream.setDefault(openaiError(500, 'boom'));
    // pays gpt-4.1-mini's minimum (100 in + 100 out) but not gpt-4.1's ($0.0002 + $0.0008)
    const result = await executor.execute(makePlan([{}], usd('0.0005')));
    expect(upstream.calls.map(calledModel).every((id) => id === 'openai/gpt-4.1-mini')).toBe(true);
    expect(result.stepResults[0]!.escalated).toBe(false);
    expect(result.trace.terminationState).toBe('failed');
  });

  it('fails and escalates an empty answer; its cost counts as wasted', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply(''), reply('something'));
    const result = await executor.execute(makePlan([{}], usd(1)));
    expect(result.stepResults[0]).toMatchObject({ success: true, escalated: true, output: 'something' });
    expect(result.ledger.entries[0]).toMatchObject({
      success: false,
      errorMessage: 'The model returned an empty answer.',
    });
    expect(result.wastedCost).toBe(MINI_100_50);
    expect(result.trace.escalations[0]!.reason).toBe('empty_answer');
  });

  it('fails a truncated answer only when complete output was asked for', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(
      openaiText('cut', { usage: { inputTokens: 100, outputTokens: 50 }, finishReason: 'length' }),
    );
    const lenient = await executor.execute(makePlan([{}], usd(1)));
    expect(lenient.success).toBe(true);
    upstream.enqueue(
      openaiText('cut', { usage: { inputTokens: 100, outputTokens: 50 }, finishReason: 'length' }),
      reply('whole'),
    );
    const strict = await executor.execute(makePlan([{}], usd(1)), { requireComplete: true });
    expect(strict.stepResults[0]).toMatchObject({ success: true, output: 'whole', escalated: true });
    expect(strict.trace.escalations[0]!.reason).toBe('truncated');
  });

  it('fails an answer the validator rejects, and escalates', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('not json'), reply('{"ok": true}'));
    const result = await executor.execute(makePlan([{}], usd(1)), { validate: requireJson });
    expect(result.stepResults[0]).toMatchObject({ success: true, output: '{"ok": true}' });
    expect(result.ledger.entries[0]!.errorMessage).toBe('Validation failed: the answer is not valid JSON.');
    expect(result.trace.escalations[0]!.reason).toBe('validation_failed');
  });

  it('does not call a model again after it answered 404 earlier in the run', async () => {
    const { executor, upstream } = setup({ maxEscalations: 0 });
    upstream.enqueue(openaiError(404, 'gone'));
    const result = await executor.execute(makePlan([{}, { dependsOn: [] }], usd(1)), { concurrency: 1 });
    expect(upstream.calls).toHaveLength(1);
    expect(result.stepResults[1]!.error).toContain('suppressed after failing');
  });

  it('fails a step whose model is not in the catalog, without calling', async () => {
    const { executor, upstream } = setup();
    const result = await executor.execute(makePlan([{ modelId: 'acme/unknown' }], usd(1)));
    expect(upstream.calls).toHaveLength(0);
    expect(result.stepResults[0]).toMatchObject({ success: false, failure: 'no_model' });
  });
});

describe('executor: more failure paths', () => {
  it('retries a timed-out attempt, then escalates, never to another model of the same tier', async () => {
    // On loopback with the real fetch: the in-process mock fetch only follows the request's derived signal, so a
    // garbage-collected AbortSignal.timeout could never fire there under memory pressure.
    const harness = createHarness();
    const server = await harness.upstream.listen();
    onTestFinished(() => server.close());
    const provider = createOpenAI({ apiKey: 'sk-test-not-a-real-key', baseURL: `${server.url}/v1` });
    const resolver = createProviderResolver({
      providers: { openrouter: provider },
      registry: harness.registry,
    });
    const executor = createExecutor({
      registry: harness.registry,
      resolve: resolver.resolve,
      retry: harness.retry,
      countTokens: () => 100,
      attemptTimeoutMs: 150,
      escalationPolicy: 'monotonic',
    });
    harness.upstream.enqueue(hangReply(), hangReply(), hangReply(), reply('late but fine'));
    const result = await executor.execute(makePlan([{}], usd(1)));
    // The attempts as recorded (under load a timed-out request may never reach the mock, so its call log can
    // hold fewer hung calls than there were attempts).
    const models = result.ledger.entries.map((entry) => entry.modelId);
    expect(models.slice(0, 3)).toEqual(['openai/gpt-4.1-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1-mini']);
    // then gpt-4.1 only (a slow machine may time out its first answer too): not gemini-2.5-flash or
    // deepseek-chat, which are cheaper but of the same tier
    expect(new Set(models.slice(3))).toEqual(new Set(['openai/gpt-4.1']));
    expect(
      result.ledger.entries.slice(0, 3).every((e) => e.errorClass === 'TimeoutError' && e.cost === 0n),
    ).toBe(true);
    expect(result.stepResults[0]).toMatchObject({ success: true, escalated: true });
  });

  it('TOKENWISE_ESCALATION_POLICY changes where a failed step goes, and the trace says which policy ran', async () => {
    const moves: Record<string, string[]> = {};
    for (const policy of ['flexible', 'monotonic'] as const) {
      const { executor, upstream, registry } = setup({
        retry: noRetry(),
        maxEscalations: 1,
        escalationPolicy: policy,
      });
      upstream.enqueue(openaiError(503, 'overloaded'), reply('ok'));
      const result = await executor.execute(makePlan([{}], usd(1)));
      expect(result.success).toBe(true);
      expect(result.trace.escalationPolicy).toBe(policy);
      const [first, second] = upstream.calls.map(calledModel);
      moves[policy] = [registry.get(first!)!.tier, registry.get(second!)!.tier];
    }
    // flexible may stay in the failed model's tier (never below it); monotonic must climb
    expect(moves.flexible).toEqual(['budget', 'budget']);
    expect(moves.monotonic).toEqual(['budget', 'mid']);
  });

  it('climbs budget → mid → flagship when every tier fails, then stops', async () => {
    const { executor, upstream } = setup({ retry: noRetry(), maxEscalations: 5 });
    upstream.setDefault(openaiError(503, 'overloaded'));
    const result = await executor.execute(makePlan([{}], usd(1)));
    expect(result.trace.escalations.map((e) => `${e.fromTier}->${e.toTier}`)).toEqual([
      'budget->mid',
      'mid->flagship',
    ]);
    expect(upstream.calls.map(calledModel)).toEqual([
      'openai/gpt-4.1-mini',
      'openai/gpt-4.1',
      'openai/o3', // cheapest flagship with the (empty) capabilities: o3 $10/$40 < opus $15/$75
    ]);
    expect(result.trace.terminationState).toBe('failed');
  });

  it('settles an unreadable answer at its worst case and counts it as wasted', async () => {
    const { executor, upstream } = setup({ maxEscalations: 0, retry: undefined });
    upstream.enqueue(malformedJsonReply());
    const result = await executor.execute(makePlan([{}], usd(1)), { maxOutputTokens: 1000 });
    const entry = result.ledger.entries[0]!;
    // 100 input + 1000 output tokens on gpt-4.1-mini: the vendor billed an answer we could not read
    expect(entry).toMatchObject({
      success: false,
      cost: usd('0.00004') + usd('0.0016'),
      usageEstimated: true,
    });
    expect(result.wastedCost).toBe(entry.cost);
    expect(result.totalCost).toBe(entry.cost);
  });

  it('counts the real prompt: a long task over a small budget fails before calling (guardrail parity 7)', async () => {
    const { registry, resolve, retry, upstream } = createHarness();
    const executor = createExecutor({ registry, resolve, retry, escalationPolicy: 'monotonic' });
    const result = await executor.execute(
      makePlan([{ description: 'analyse this: '.repeat(5_000) }], usd('0.016')),
    );
    expect(upstream.calls).toHaveLength(0);
    expect(result.stepResults[0]!.error).toMatch(/^Budget too low for openai\/gpt-4.1-mini/);
  });

  it('streams start, attempt, escalation and finish events in order', async () => {
    const { executor, upstream } = setup({ maxEscalations: 1 });
    upstream.enqueue(openaiError(404, 'gone'), reply('ok'));
    const events: ExecutorEvent[] = [];
    await executor.execute(makePlan([{}], usd(1)), { onEvent: (e) => events.push(e) });
    expect(events.map((e) => e.type)).toEqual([
      'step-start',
      'attempt',
      'step-escalation',
      'attempt',
      'step-finish',
    ]);
  });

  it('keeps running when an observer throws', async () => {
    const { executor, upstream } = setup();
    upstream.enqueue(reply('ok'));
    const result = await executor.execute(makePlan([{}], usd(1)), {
      onEvent: () => {
        throw new Error('display crashed');
      },
      onAttempt: () => {
        throw new Error('ledger crashed');
      },
    });
    expect(result.success).toBe(true);
  });
});

describe('executor: cancellation', () => {
  it('aborts in-flight calls, releases their reservations and skips the rest', async () => {
    const parent = createBudget({ label: 'process' });
    const { executor, upstream } = setup({ budget: parent });
    upstream.setDefault(hangReply());
    const controller = new AbortController();
    const result = await executor.execute(makePlan([{}, { dependsOn: [1] }, {}], usd(1)), {
      concurrency: 1,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'step-start') setTimeout(() => controller.abort(new Error('stop')), 5);
      },
    });
    expect(result.trace.terminationState).toBe('aborted');
    expect(result.stepResults).toEqual([expect.objectContaining({ success: false, failure: 'aborted' })]);
    expect(result.skippedSteps.map((s) => [s.step.id, s.reason])).toEqual([
      [2, 'Aborted by the caller before the step started.'],
      [3, 'Aborted by the caller before the step started.'],
    ]);
    expect(parent.snapshot()).toMatchObject({ openReservations: 0, reserved: 0n, spent: 0n });
    expect(upstream.calls).toHaveLength(1);
  });

  it('Ctrl-C with two calls in flight: both aborted, recorded as cancelled, no open reservation left', async () => {
    const parent = createBudget({ label: 'process' });
    const { executor, upstream } = setup({ budget: parent });
    upstream.setDefault(hangReply());
    const controller = new AbortController();
    let started = 0;
    const result = await executor.execute(makePlan([{}, {}], usd(1)), {
      concurrency: 2,
      signal: controller.signal,
      onEvent: (event) => {
        // Abort once both calls hold a reservation, like a Ctrl-C in the middle of `plan --execute`.
        if (event.type === 'step-start' && ++started === 2) {
          setTimeout(() => controller.abort(new DOMException('Cancelled with Ctrl-C', 'AbortError')), 5);
        }
      },
    });
    expect(upstream.calls).toHaveLength(2);
    expect(result.trace.terminationState).toBe('aborted');
    expect(result.ledger.entries).toHaveLength(2);
    // Task entries have no outcome field: the error class/message of each attempt says it was cancelled.
    for (const entry of result.ledger.entries) {
      expect(entry.success).toBe(false);
      expect(`${entry.errorClass} ${entry.errorMessage}`).toMatch(/abort|cancel/i);
    }
    expect(parent.snapshot()).toMatchObject({ openReservations: 0, reserved: 0n });
  });
});
