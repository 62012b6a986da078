import { createBudget } from '@tokenwise/core';
import { LoadApiKeyError, usd } from '@tokenwise/spec';
import { openaiError, openaiText } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { fakeLanguageModel } from '../__fixtures__/fake-language-model.js';
import {
  appendixModels,
  calledModel,
  calledPrompt,
  createHarness,
  plannerAnswer,
} from '../__fixtures__/planner-fixtures.js';
import { createPlanner } from './create-planner.js';

function setup() {
  const harness = createHarness();
  const planner = createPlanner({
    registry: harness.registry,
    resolve: harness.resolve,
    retry: harness.retry,
  });
  return { ...harness, planner };
}

const step = (description: string, capability: string, dependsOn?: number[]) => ({
  description,
  capability,
  estimated_input_tokens: 500,
  estimated_output_tokens: 500,
  ...(dependsOn === undefined ? {} : { depends_on: dependsOn }),
});

describe('createPlanner().plan', () => {
  it('falls back to one step holding the task when the planner model is unavailable (parity 1)', async () => {
    const { planner, upstream } = setup();
    upstream.setDefault(openaiError(503, 'LLM unavailable'));
    const plan = await planner.plan('Write a haiku about budgets', { budget: 1 });
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]!.description).toBe('Write a haiku about budgets');
    expect(plan.budget).toBe(usd(1));
    expect(plan.withinBudget).toBe(true);
    expect(plan.source).toBe('fallback');
    expect(plan.error).toContain('LLM unavailable');
    expect(plan.plannerCost).toBe(0n); // a 503 is not billed
    expect(upstream.calls).toHaveLength(3); // first call + 2 same-model retries
  });

  it('assigns catalog models to a code and a reasoning step (parity 2)', async () => {
    const { planner, upstream, registry } = setup();
    upstream.enqueue(
      plannerAnswer([step('Write the parser', 'code', []), step('Prove it terminates', 'reasoning', [])]),
    );
    const plan = await planner.plan('Build a parser', { budget: 1 });
    expect(plan.source).toBe('llm');
    expect(plan.error).toBeUndefined();
    expect(plan.steps.map((s) => registry.get(s.modelId)?.id)).toEqual([
      'deepseek/deepseek-chat',
      'openai/gpt-4.1-mini',
    ]);
    expect(plan.steps[0]!.requiredCapabilities).toEqual(['code']);
    expect(calledModel(upstream.calls[0]!)).toBe('openai/gpt-4.1-mini');
    expect(calledPrompt(upstream.calls[0]!)).toContain('Task: Build a parser');
    const body = upstream.calls[0]!.bodyJson as { temperature: number; max_tokens: number };
    expect(body.temperature).toBe(0.2);
    expect(body.max_tokens).toBe(2000);
  });

  it('gives five general steps under $0.01 cheap models (parity 3)', async () => {
    const { planner, upstream, registry } = setup();
    upstream.enqueue(plannerAnswer([1, 2, 3, 4, 5].map((n) => step(`Part ${n}`, 'general'))));
    const plan = await planner.plan('Five parts', { budget: 0.01 });
    expect(plan.steps).toHaveLength(5);
    for (const s of plan.steps) expect(registry.get(s.modelId)!.pricing!.inputPerMillion).toBeLessThan(5);
    expect(plan.withinBudget).toBe(true);
  });

  it('chains steps in order when depends_on is missing (parity 4)', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(plannerAnswer([step('a', 'general'), step('b', 'general'), step('c', 'general')]));
    const plan = await planner.plan('abc');
    expect(plan.steps.map((s) => s.dependsOn)).toEqual([[], [1], [2]]);
  });

  it('turns 0-based depends_on into 1-based ids (parity 5)', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(
      plannerAnswer([step('a', 'general', []), step('b', 'general', []), step('c', 'general', [0, 1])]),
    );
    const plan = await planner.plan('abc');
    expect(plan.steps.map((s) => s.dependsOn)).toEqual([[], [], [1, 2]]);
  });

  it('records the planner cost and charges it to the same budget (parity 6, §14.1.6)', async () => {
    const { registry, resolve, retry, upstream } = setup();
    const processBudget = createBudget({ label: 'process' });
    const planner = createPlanner({ registry, resolve, retry, budget: processBudget });
    upstream.enqueue(plannerAnswer([step('a', 'general', [])], { inputTokens: 400, outputTokens: 200 }));
    const plan = await planner.plan('a', { budget: '0.5' });
    // gpt-4.1-mini: 400 × $0.40/M + 200 × $1.60/M
    expect(plan.plannerCost).toBe(usd('0.00048'));
    expect(processBudget.spent).toBe(usd('0.00048'));
    expect(processBudget.snapshot().openReservations).toBe(0);
  });

  it('repairs an unusable answer with one more call, keeping the issue in the notes', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(
      openaiText('Sure! Here is my plan: first think, then write.', {
        usage: { inputTokens: 400, outputTokens: 20 },
      }),
      plannerAnswer([step('think', 'reasoning', []), step('write', 'general', [0])]),
    );
    const plan = await planner.plan('think and write');
    expect(plan.source).toBe('llm');
    expect(plan.steps).toHaveLength(2);
    expect(upstream.calls).toHaveLength(2);
    expect(calledPrompt(upstream.calls[1]!)).toContain('no JSON array found');
    expect(plan.notes.join(' ')).toContain('repair worked');
    // both calls are paid: 400×0.4 + 20×1.6 and 400×0.4... of the second call (its own usage)
    expect(plan.plannerCost).toBe(usd('0.000192') + usd('0.00048'));
  });

  it('rejects an invalid capability through the schema and falls back after one repair', async () => {
    const { planner, upstream } = setup();
    const bad = plannerAnswer([step('a poem', 'poetry', [])]);
    upstream.enqueue(bad, bad);
    const plan = await planner.plan('a poem');
    expect(plan.source).toBe('fallback');
    expect(plan.error).toMatch(/after one repair attempt: .*capability must be one of/);
    expect(plan.plannerCost).toBe(2n * usd('0.00048')); // the planner spend is kept
    expect(plan.steps).toHaveLength(1);
  });

  it('repairs dependency cycles, unknown and forward references with notes', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(
      plannerAnswer([step('a', 'general', [1]), step('b', 'general', [0, 7]), step('c', 'general', [3, 2])]),
    );
    const plan = await planner.plan('cyclic');
    expect(plan.steps.map((s) => [s.description, s.dependsOn])).toEqual([
      ['a', []],
      ['b', [1]],
      ['c', []],
    ]);
    const notes = plan.notes.join('\n');
    expect(notes).toContain('unknown step index 7');
    expect(notes).toContain('on itself');
    expect(notes).toContain('break a dependency cycle');
  });

  it('reorders steps whose dependencies come later', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(plannerAnswer([step('summary', 'general', [1]), step('research', 'general', [])]));
    const plan = await planner.plan('forward');
    expect(plan.steps.map((s) => [s.id, s.description, s.dependsOn])).toEqual([
      [1, 'research', []],
      [2, 'summary', [1]],
    ]);
    expect(plan.notes.join(' ')).toContain('reordered');
  });

  it('says plainly when even the cheapest plan is over budget', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(
      plannerAnswer([
        { ...step('huge', 'math', []), estimated_input_tokens: 100_000, estimated_output_tokens: 50_000 },
      ]),
    );
    const plan = await planner.plan('huge', { budget: 0.01 });
    expect(plan.steps[0]!.modelId).toBe('openai/o3'); // the only math model
    expect(plan.withinBudget).toBe(false);
    expect(plan.notes.at(-1)).toMatch(/^Over budget: the steps are estimated at \$3\.0000 but only/);
  });

  it('falls back without calling when the budget cannot pay for the planner call', async () => {
    const { planner, upstream } = setup();
    const plan = await planner.plan('tiny', { budget: '0.00001' });
    expect(upstream.calls).toHaveLength(0);
    expect(plan.source).toBe('fallback');
    expect(plan.error).toContain('Budget too low');
  });

  it('throws a missing API key instead of planning around it', async () => {
    const { registry } = setup();
    const model = fakeLanguageModel('gpt-4.1-mini', () => {
      throw new LoadApiKeyError({ provider: 'openai', environmentVariableName: 'OPENAI_API_KEY' });
    });
    const planner = createPlanner({ registry, resolve: () => ({ model }) });
    await expect(planner.plan('task')).rejects.toThrow(/OPENAI_API_KEY/);
  });

  it('rejects with the abort reason when the signal aborts', async () => {
    const { planner, upstream } = setup();
    upstream.setDefault({ type: 'hang' });
    const controller = new AbortController();
    const pending = planner.plan('task', { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });

  it('accepts a bare planner model id and falls back when the catalog does not know the model', async () => {
    const { registry, resolve, retry, upstream } = setup();
    upstream.enqueue(plannerAnswer([step('a', 'general', [])]));
    const bare = createPlanner({ registry, resolve, retry, plannerModel: 'gpt-4.1-mini' });
    expect((await bare.plan('a')).source).toBe('llm');
    expect(calledModel(upstream.calls[0]!)).toBe('openai/gpt-4.1-mini');
  });

  it('calls a planner model the catalog does not know when no budget was given (issue #17.3)', async () => {
    const { registry, resolve, retry, upstream } = setup();
    upstream.enqueue(plannerAnswer([step('a', 'general', []), step('b', 'code', [1])]));
    const unknown = createPlanner({ registry, resolve, retry, plannerModel: 'openai/gpt-9-planner' });
    const plan = await unknown.plan('a');
    expect(plan.source).toBe('llm');
    expect(plan.steps).toHaveLength(2);
    expect(calledModel(upstream.calls[0]!)).toBe('openai/gpt-9-planner');
    expect(plan.plannerCost).toBe(0n);
    expect(plan.notes.join(' ')).toContain('no known price');
  });

  it('refuses an unpriced planner model under a budget, saying how to price it, before any call', async () => {
    const { registry, resolve, retry, upstream } = setup();
    const unknown = createPlanner({ registry, resolve, retry, plannerModel: 'openai/gpt-9-planner' });
    await expect(unknown.plan('a', { budget: 1 })).rejects.toThrow(/model_overrides.*input_price/);
    const enclosed = createPlanner({
      registry,
      resolve,
      retry,
      plannerModel: 'openai/gpt-9-planner',
      budget: createBudget({ limit: usd(5) }),
    });
    await expect(enclosed.plan('a')).rejects.toThrow(/has no known price/);
    expect(upstream.calls).toHaveLength(0);
  });

  it('prices a planner model missing from the catalog with plannerModelInfo (e.g. the bundled entry)', async () => {
    const { resolve, retry, upstream } = setup();
    const local = createHarness(appendixModels().filter((m) => m.id !== 'openai/gpt-4.1-mini'));
    upstream.enqueue(plannerAnswer([step('a', 'general', [])]));
    const planner = createPlanner({
      registry: local.registry,
      resolve,
      retry,
      plannerModelInfo: appendixModels()[0]!,
    });
    const plan = await planner.plan('Summarise the report', { budget: 1 });
    expect(plan.source).toBe('llm');
    expect(calledModel(upstream.calls[0]!)).toBe('openai/gpt-4.1-mini');
    expect(plan.plannerCost).toBeGreaterThan(0n);
    expect(plan.plannerCost + plan.totalEstimatedCost).toBeLessThanOrEqual(usd(1));
  });

  it('rejects an empty task and a negative budget', async () => {
    const { planner } = setup();
    await expect(planner.plan('  ')).rejects.toThrow(/task is empty/);
    await expect(planner.plan('x', { budget: -1 })).rejects.toThrow(/budget must be a USD amount/);
  });

  it('reports every planner attempt ledger-shaped', async () => {
    const { planner, upstream } = setup();
    upstream.enqueue(openaiError(429, 'slow down'), plannerAnswer([step('a', 'general', [])]));
    const entries: unknown[] = [];
    await planner.plan('a', { onAttempt: (entry) => entries.push(entry) });
    expect(entries).toMatchObject([
      { reason: 'planner', success: false, cost: 0n, errorMessage: expect.stringContaining('slow down') },
      { reason: 'planner', success: true, cost: usd('0.00048'), inputTokens: 400, outputTokens: 200 },
    ]);
  });
});
