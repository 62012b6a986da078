/**
 * Budget benchmark: reserve + settle throughput on a flat budget and on a 3-level tree, plus a full
 * `generateWithBudget` round trip on an instant in-process fake model (the overhead budget-safety adds to a call).
 * Prints figures; asserts nothing.
 *
 *   cd packages/core && node --conditions=@tokenwise/source --import tsx bench/budget.bench.ts
 */
import type { LanguageModelV1, ModelInfo } from '@tokenwise/spec';
import { type Budget, createBudget } from '../src/budget/index.js';
import { generateWithBudget, noRetry } from '../src/execution/index.js';

const OPS = 500_000;
const CALLS = 50_000;

function timeIt(label: string, ops: number, body: () => void): void {
  body(); // warm-up pass is the first run below; JIT settles after a few thousand ops
  const start = performance.now();
  for (let index = 0; index < ops; index++) body();
  const ms = performance.now() - start;
  console.log(
    `${label.padEnd(44)} ${Math.round((ops / ms) * 1000)
      .toLocaleString('en-US')
      .padStart(12)} ops/s`,
  );
}

function reserveSettle(budget: Budget): () => void {
  return () => {
    budget.reserve(1_000n).settle(900n);
  };
}

async function timeCalls(label: string, budget: Budget): Promise<void> {
  const model: LanguageModelV1 = {
    specificationVersion: 'v1',
    provider: 'bench',
    modelId: 'bench',
    doGenerate: async (options) => ({
      content: [{ type: 'text', text: 'ok' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 20, outputTokens: options.maxOutputTokens ?? 1 },
      warnings: [],
    }),
    doStream: () => Promise.reject(new Error('not used')),
  };
  const info: ModelInfo = {
    id: 'bench/model',
    name: 'Bench',
    provider: 'bench',
    pricing: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
    contextWindow: 128_000,
    maxOutputTokens: 16_000,
    capabilities: ['general'],
    tier: 'budget',
    inputModalities: ['text'],
    supportedParameters: [],
  };
  const options = {
    prompt: [
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'Summarise the budget rules.' }] },
    ],
    maxOutputTokens: 200,
  };
  const countTokens = () => 20;
  const start = performance.now();
  for (let index = 0; index < CALLS; index++) {
    await generateWithBudget({ model, modelInfo: info, options, budget, countTokens, retry: noRetry() });
  }
  const ms = performance.now() - start;
  console.log(
    `${label.padEnd(44)} ${Math.round((CALLS / ms) * 1000)
      .toLocaleString('en-US')
      .padStart(12)} calls/s  (${((ms * 1000) / CALLS).toFixed(1)} µs/call)`,
  );
}

/** Runs the benchmark (also called by bench/run-all.ts). */
export async function run(): Promise<void> {
  const flat = createBudget({ limit: 10n ** 18n });
  timeIt('reserve+settle, flat budget', OPS, reserveSettle(flat));

  const root = createBudget({ limit: 10n ** 18n, label: 'process' });
  const leaf = root.child({ limit: 10n ** 17n, label: 'plan' }).child({ label: 'request' });
  timeIt('reserve+settle, 3-level tree (leaf)', OPS, reserveSettle(leaf));

  const unlimited = createBudget();
  timeIt('reserve+release, unlimited budget', OPS, () => {
    unlimited.reserve(1_000n).release();
  });

  await timeCalls('generateWithBudget, flat budget, instant fake', flat);
  await timeCalls('generateWithBudget, 3-level tree, instant fake', leaf);
  console.log(
    `exactness check: flat spent ${flat.spent} pico, open reservations ${flat.snapshot().openReservations}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
