/**
 * Executor benchmark: a 20-step plan, 10 wide (two layers of 10; each second-layer step depends on two first-layer
 * steps), every call answered in 200 ms. Prints the wall time against the critical path (2 × 200 ms) twice:
 * (a) with an in-process model that answers after 200 ms (the executor and core's budget path alone), and
 * (b) through the real OpenAI provider and the test kit's mock upstream (in-process fetch), which adds the
 * provider's and the mock's own CPU time per call on the one JavaScript thread. Then the scheduler's own overhead
 * per step, measured against an instant model. Figures are noisy on a shared 2-core machine; the median of 5 runs
 * is printed. Run: pnpm --filter @tokenwise/planner bench
 */
import {
  createBudget,
  createModelRegistry,
  createProviderResolver,
  generateWithBudget,
  noRetry,
} from '@tokenwise/core';
import { createOpenAI } from '@tokenwise/providers-openai';
import { type LanguageModelV1, usd } from '@tokenwise/spec';
import { createOpenAIMockUpstream, openaiAutoReply, withLatency } from '@tokenwise/testkit';
import { createExecutor } from '../src/executor/create-executor.js';
import type { Plan, PlanStep } from '../src/types/plan.js';

const LATENCY_MS = 200;
const WIDTH = 10;

const models = [
  {
    id: 'openai/gpt-4.1-mini',
    name: 'GPT-4.1 mini',
    provider: 'openai',
    pricing: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
    contextWindow: 1_000_000,
    maxOutputTokens: 32_768,
    capabilities: ['general', 'code', 'reasoning'] as const,
    tier: 'budget' as const,
    inputModalities: ['text'],
    supportedParameters: [],
  },
];
const registry = createModelRegistry({
  models: models.map((model) => ({ ...model, capabilities: [...model.capabilities] })),
});

function widePlan(): Plan {
  const steps: PlanStep[] = [];
  for (let index = 0; index < 2 * WIDTH; index++) {
    const layer = Math.floor(index / WIDTH);
    const column = index % WIDTH;
    steps.push({
      id: index + 1,
      description: `Step ${index + 1}: write paragraph ${column + 1} of part ${layer + 1}.`,
      modelId: 'openai/gpt-4.1-mini',
      requiredCapabilities: [],
      estimatedInputTokens: 300,
      estimatedOutputTokens: 300,
      estimatedCost: 0n,
      dependsOn: layer === 0 ? [] : [column + 1, ((column + 1) % WIDTH) + 1],
    });
  }
  return {
    task: 'bench',
    steps,
    budget: usd(10),
    plannerCost: 0n,
    totalEstimatedCost: 0n,
    withinBudget: true,
    source: 'llm',
    notes: [],
  };
}

function delayedModel(latencyMs: number): LanguageModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'bench',
    modelId: 'gpt-4.1-mini',
    doGenerate: () =>
      new Promise((resolve) =>
        setTimeout(
          () =>
            resolve({
              content: [{ type: 'text', text: 'a paragraph' }],
              finishReason: { unified: 'stop', raw: 'stop' },
              usage: { inputTokens: 300, outputTokens: 300 },
              warnings: [],
            }),
          latencyMs,
        ),
      ),
    doStream: () => Promise.reject(new Error('not used')),
  };
}

async function measure(label: string, resolve: (id: string) => { model: LanguageModelV1 }): Promise<void> {
  const executor = createExecutor({ registry, resolve, retry: noRetry() });
  const criticalPath = 2 * LATENCY_MS;
  // one warm-up run (JIT), then measured runs
  await executor.execute(widePlan(), { concurrency: WIDTH });
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const result = await executor.execute(widePlan(), { concurrency: WIDTH });
    runs.push(performance.now() - started);
    if (!result.success)
      throw new Error(`bench run failed: ${result.stepResults.find((r) => !r.success)?.error}`);
  }
  const median = runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  console.log(`20-step plan, ${WIDTH} wide, ${LATENCY_MS} ms per call: ${label}`);
  console.log(`  critical path        ${criticalPath.toFixed(0)} ms`);
  console.log(
    `  wall time (median/5) ${median.toFixed(1)} ms  (runs: ${runs.map((r) => r.toFixed(0)).join(', ')})`,
  );
  console.log(`  ratio                ${(median / criticalPath).toFixed(3)} (target <= 1.10)`);
}

async function wallTime(): Promise<void> {
  const delayed = delayedModel(LATENCY_MS);
  await measure('(a) in-process model', () => ({ model: delayed }));
  const upstream = createOpenAIMockUpstream();
  upstream.setDefault((call) => withLatency(openaiAutoReply(call), LATENCY_MS));
  const provider = createOpenAI({
    apiKey: 'sk-bench',
    baseURL: 'http://mock.test/v1',
    fetch: upstream.fetch,
  });
  const resolver = createProviderResolver({ providers: { openai: provider }, registry });
  await measure('(b) OpenAI provider + test kit mock upstream', (id) => {
    upstream.calls.length = 0; // the mock's call log would grow for the whole bench
    return resolver.resolve(id);
  });
}

async function schedulerOverhead(): Promise<void> {
  const instant: LanguageModelV1 = {
    specificationVersion: 'v1',
    provider: 'bench',
    modelId: 'gpt-4.1-mini',
    doGenerate: async () => ({
      content: [{ type: 'text', text: 'ok' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 100, outputTokens: 20 },
      warnings: [],
    }),
    doStream: () => Promise.reject(new Error('not used')),
  };
  const countTokens = () => 100;
  const executor = createExecutor({
    registry,
    resolve: () => ({ model: instant }),
    retry: noRetry(),
    countTokens,
  });
  const info = registry.get('openai/gpt-4.1-mini')!;
  const budget = createBudget({ limit: usd(1_000_000) });
  const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Step 1: write.' }] }];
  const call = () =>
    generateWithBudget({
      model: instant,
      modelInfo: info,
      options: { prompt },
      budget,
      retry: noRetry(),
      countTokens,
    });
  const plansPerRound = 100;
  const stepsPerRound = plansPerRound * 2 * WIDTH;
  const executorRound = async () => {
    const started = performance.now();
    for (let run = 0; run < plansPerRound; run++) await executor.execute(widePlan(), { concurrency: WIDTH });
    return ((performance.now() - started) * 1000) / stepsPerRound;
  };
  // The same number of bare budget-safe calls: what the executor adds on top is the scheduler's own overhead.
  const bareRound = async () => {
    const started = performance.now();
    for (let index = 0; index < stepsPerRound; index++) await call();
    return ((performance.now() - started) * 1000) / stepsPerRound;
  };
  await executorRound();
  await bareRound();
  // Interleaved rounds and medians, so a burst of load on the shared machine skews both sides alike.
  const executorTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let round = 0; round < 7; round++) {
    executorTimes.push(await executorRound());
    bareTimes.push(await bareRound());
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const perStepExecutor = median(executorTimes);
  const perCall = median(bareTimes);
  console.log(`scheduler overhead (instant model, 7 rounds of ${stepsPerRound} steps, medians)`);
  console.log(`  executor per step            ${perStepExecutor.toFixed(1)} µs`);
  console.log(`  bare budget-safe call        ${perCall.toFixed(1)} µs`);
  console.log(`  scheduler's own, per step    ${(perStepExecutor - perCall).toFixed(1)} µs`);
}

await wallTime();
await schedulerOverhead();
