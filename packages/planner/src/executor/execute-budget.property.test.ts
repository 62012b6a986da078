import { createBudget, createModelRegistry, retryPolicy } from '@tokenwise/core';
import { ApiCallError, type CallOptions, InvalidResponseDataError, type PicoUsd, usd } from '@tokenwise/spec';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fakeLanguageModel, fakeResult } from '../__fixtures__/fake-language-model.js';
import { appendixModels, makePlan } from '../__fixtures__/planner-fixtures.js';
import type { PlanStep } from '../types/plan.js';
import { createExecutor } from './create-executor.js';

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTED_INPUT = 200;

/** Random latency: mostly a few microtask turns, sometimes a macrotask turn, so completions interleave. */
async function randomLatency(random: () => number): Promise<void> {
  const turns = Math.floor(random() * 6);
  for (let turn = 0; turn < turns; turn++) await Promise.resolve();
  if (random() < 0.05) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A fake upstream with random failures and usages that never exceed what was asked (as vendors behave). */
function randomModel(modelId: string, random: () => number) {
  return fakeLanguageModel(modelId, async (options: CallOptions) => {
    await randomLatency(random);
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    const roll = random();
    const url = 'http://fake.test/v1/chat/completions';
    if (roll < 0.15) throw new ApiCallError({ message: 'HTTP 500', provider: 'fake', url, statusCode: 500 });
    if (roll < 0.2) throw new ApiCallError({ message: 'HTTP 429', provider: 'fake', url, statusCode: 429 });
    if (roll < 0.23) throw new ApiCallError({ message: 'HTTP 404', provider: 'fake', url, statusCode: 404 });
    if (roll < 0.26) throw new InvalidResponseDataError({ message: 'malformed body', provider: 'fake' });
    const maxOutput = options.maxOutputTokens ?? 0;
    const outputTokens = Math.floor(random() * (maxOutput + 1));
    const inputTokens = Math.floor(random() * (COUNTED_INPUT + 1));
    if (roll < 0.3) return fakeResult('', { inputTokens, outputTokens });
    const finish = outputTokens === maxOutput && random() < 0.5 ? 'length' : 'stop';
    return fakeResult(`answer ${outputTokens}`, { inputTokens, outputTokens }, finish);
  });
}

function randomPlan(random: () => number, modelIds: string[]) {
  const count = 1 + Math.floor(random() * 10);
  const steps: Array<Partial<PlanStep>> = [];
  for (let index = 0; index < count; index++) {
    const dependsOn: number[] = [];
    for (let earlier = 1; earlier <= index; earlier++) if (random() < 0.25) dependsOn.push(earlier);
    steps.push({
      modelId: modelIds[Math.floor(random() * modelIds.length)]!,
      dependsOn,
      requiredCapabilities: random() < 0.3 ? ['code'] : [],
      estimatedOutputTokens: 50 + Math.floor(random() * 2000),
    });
  }
  // $0.0001 to about $0.1, planner spend up to a third of it
  const budget: PicoUsd = usd('0.0001') + BigInt(Math.floor(random() * 100_000)) * 1_000_000n;
  const plannerCost = (budget * BigInt(Math.floor(random() * 34))) / 100n;
  return makePlan(steps, budget, plannerCost);
}

describe('executor budget property', () => {
  it('never spends more than the budget and ends every reservation (1,000 seeded random runs)', async () => {
    const models = appendixModels();
    const registry = createModelRegistry({ models });
    const modelIds = models.map((model) => model.id);
    const violations: string[] = [];
    let failures = 0;
    let successes = 0;
    let escalations = 0;
    // Thousands of scripted upstream errors: their stack traces (source-mapped under vitest) are not needed.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    onTestFinished(() => {
      Error.stackTraceLimit = stackTraceLimit;
    });
    for (let seed = 1; seed <= 1000; seed++) {
      const random = prng(seed);
      const parent = createBudget({ label: 'process' });
      const executor = createExecutor({
        registry,
        resolve: (id) => ({ model: randomModel(id, random) }),
        budget: parent,
        countTokens: () => COUNTED_INPUT,
        retry: retryPolicy({ maxRetries: Math.floor(random() * 3), sleep: async () => {} }),
        minOutputTokens: 1 + Math.floor(random() * 150),
      });
      const plan = randomPlan(random, modelIds);
      const controller = new AbortController();
      if (random() < 0.05) setImmediate(() => controller.abort(new Error('cancelled')));
      const result = await executor.execute(plan, {
        concurrency: 1 + Math.floor(random() * 6),
        signal: controller.signal,
        requireComplete: random() < 0.5,
      });
      // Plain checks per run (vitest's expect is costly ×1,000); one assertion on the collected violations.
      const snapshot = parent.snapshot();
      const succeeded = new Set(result.stepResults.filter((step) => step.success).map((step) => step.stepId));
      const dependenciesOf = (id: number) => plan.steps.find((step) => step.id === id)!.dependsOn;
      const checks: Array<[string, boolean]> = [
        ['total within budget', result.totalCost <= plan.budget],
        ['no open reservation', snapshot.openReservations === 0 && snapshot.reserved === 0n],
        ['no overrun', snapshot.overrun === 0n],
        ['budget spent = ledger total', snapshot.spent === result.ledger.totalCost],
        ['total = planner + ledger', result.totalCost === plan.plannerCost + result.ledger.totalCost],
        [
          'step costs = ledger total',
          result.stepResults.reduce((sum, step) => sum + step.cost, 0n) === result.ledger.totalCost,
        ],
        [
          'every step accounted for',
          result.stepResults.length + result.skippedSteps.length === plan.steps.length,
        ],
        [
          'a step runs only after its dependencies succeeded',
          result.stepResults.every((step) => dependenciesOf(step.stepId).every((id) => succeeded.has(id))),
        ],
        [
          'a step is skipped only for a failed dependency or an abort',
          controller.signal.aborted ||
            result.skippedSteps.every((skip) => skip.step.dependsOn.some((id) => !succeeded.has(id))),
        ],
      ];
      for (const [name, ok] of checks) if (!ok) violations.push(`seed ${seed}: ${name}`);
      if (!result.success) failures++;
      successes += succeeded.size;
      escalations += result.trace.escalations.length;
    }
    expect(violations).toEqual([]);
    // the generator must exercise failures, escalations and successes, or the property proves little
    expect(failures).toBeGreaterThan(100);
    expect(escalations).toBeGreaterThan(100);
    expect(successes).toBeGreaterThan(2000);
  });
});
