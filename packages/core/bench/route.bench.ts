/**
 * Router and token-counting benchmark. Prints figures; asserts nothing.
 *
 *   cd packages/core && node --conditions=@tokenwise/source --import tsx bench/route.bench.ts
 *   (or `pnpm --filter @tokenwise/core bench`, which runs every bench of the package)
 *
 * Loads the bundled catalog when the catalog module provides it, otherwise ~400 synthetic models, then times
 * `route()` per strategy and prompt (p50/p99 over many runs after a warm-up) and `countTokens`.
 */
import type { Capability, Message, ModelInfo, Scenario, Strategy, Tier } from '@tokenwise/spec';
import { createRouter, type RouteOptions } from '../src/routing/index.js';
import { countPromptTokens, countTokens, estimateTextTokens, loadTokenizer } from '../src/tokens/index.js';

const RUNS = 20_000;
const WARMUP = 2_000;

async function loadModels(): Promise<{ models: readonly ModelInfo[]; source: string }> {
  try {
    const catalog = (await import('../src/catalog/index.js')) as {
      loadBundledCatalog?: () => { models: readonly ModelInfo[] };
    };
    if (catalog.loadBundledCatalog) {
      const { models } = catalog.loadBundledCatalog();
      if (models.length > 0) return { models, source: 'bundled catalog' };
    }
  } catch {
    // The catalog module may not exist in this checkout; fall through to synthetic models.
  }
  return { models: syntheticModels(400), source: 'synthetic' };
}

function syntheticModels(count: number): ModelInfo[] {
  const tiers: Tier[] = ['budget', 'mid', 'flagship'];
  const capabilitySets: Capability[][] = [
    ['general'],
    ['general', 'code'],
    ['general', 'code', 'reasoning'],
    ['code', 'reasoning', 'math'],
    ['general', 'code', 'vision'],
  ];
  return Array.from({ length: count }, (_, index) => {
    const tier = tiers[index % 3]!;
    const input = [0.1, 1, 5][index % 3]! * (1 + (index % 17) / 10);
    return {
      id: `vendor${index % 12}/model-${index}`,
      name: `Model ${index}`,
      provider: `vendor${index % 12}`,
      pricing: {
        inputPerMillion: Number(input.toFixed(2)),
        outputPerMillion: Number((input * 4).toFixed(2)),
      },
      contextWindow: [32_000, 128_000, 1_000_000][index % 3]!,
      maxOutputTokens: 16_384,
      capabilities: capabilitySets[index % capabilitySets.length]!,
      tier,
      inputModalities: index % 5 === 4 ? ['text', 'image'] : ['text'],
      supportedParameters: [],
    };
  });
}

function percentiles(samples: Float64Array): { p50: number; p99: number } {
  const sorted = Float64Array.from(samples).sort();
  return { p50: sorted[Math.floor(sorted.length * 0.5)]!, p99: sorted[Math.floor(sorted.length * 0.99)]! };
}

function time(run: () => unknown, runs = RUNS): { p50: number; p99: number } {
  for (let index = 0; index < WARMUP; index++) run();
  const samples = new Float64Array(runs);
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    run();
    samples[index] = (performance.now() - start) * 1000;
  }
  return percentiles(samples);
}

const format = (value: number) => value.toFixed(2).padStart(8);

const { models, source } = await loadModels();
const tokenizerStart = performance.now();
const o200k = await loadTokenizer('o200k_base');
const tokenizerLoadMs = performance.now() - tokenizerStart;

const simple: Scenario = { capabilities: [], complexity: 'simple', signals: [] };
const code: Scenario = { capabilities: ['code'], complexity: 'moderate', signals: [] };
const reasoning: Scenario = { capabilities: ['reasoning'], complexity: 'complex', signals: [] };
const longPrompt = 'Please review the following design notes and list the risks. '.repeat(60);
const conversation: Message[] = [
  { role: 'system', content: 'You are a careful senior engineer.' },
  { role: 'user', content: [{ type: 'text', text: 'Why does my Rust borrow checker complain here?' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Because the reference outlives the value.' }] },
  { role: 'user', content: [{ type: 'text', text: 'How do I fix it without cloning?' }] },
];

const cases: { name: string; input: string | Message[]; options: RouteOptions }[] = [
  {
    name: 'short, cheapest',
    input: 'Write a haiku about autumn',
    options: { strategy: 'cheapest', scenario: simple },
  },
  {
    name: 'short, balanced, budget',
    input: 'Write a haiku about autumn',
    options: { budget: 0.01, scenario: simple },
  },
  {
    name: 'short, best_quality, budget',
    input: 'Fix this Python function',
    options: { strategy: 'best_quality', budget: 0.05, scenario: code },
  },
  { name: 'chat (4 msgs), balanced', input: conversation, options: { scenario: code } },
  { name: 'long (~700 tok), reasoning', input: longPrompt, options: { scenario: reasoning, budget: '0.5' } },
  { name: 'short, detectScenario, budget', input: 'Fix this Python function', options: { budget: 0.05 } },
];

console.log(`route() over ${models.length} models (${source}), ${RUNS} runs each, µs`);
console.log(`o200k tokenizer load: ${tokenizerLoadMs.toFixed(0)} ms (once per process, lazy)`);
for (const tokenizers of [[], [o200k]]) {
  const router = createRouter({ models, tokenizers });
  console.log(`\n  tokenizers: ${tokenizers.length === 0 ? 'none (estimate only)' : 'o200k_base'}`);
  console.log(`  ${'case'.padEnd(30)}     p50      p99  chosen`);
  for (const { name, input, options } of cases) {
    const chosen = router.route(input, options).model.id;
    const { p50, p99 } = time(() => router.route(input, options));
    console.log(`  ${name.padEnd(30)}${format(p50)} ${format(p99)}  ${chosen}`);
  }
}

const explainRouter = createRouter({ models });
const explained = time(
  () => explainRouter.route('Write a haiku', { scenario: simple, explain: true }).rejected,
  500,
);
console.log(
  `\n  route + full rejection list (explain)  p50 ${format(explained.p50)}  p99 ${format(explained.p99)}`,
);

const strategies: Strategy[] = ['cheapest', 'balanced', 'best_quality'];
const perStrategy = strategies.map((strategy) => {
  const router = createRouter({ models });
  return `${strategy} ${time(() => router.route('Explain closures in JavaScript', { strategy, scenario: code })).p50.toFixed(2)}`;
});
console.log(`  p50 by strategy (moderate code prompt): ${perStrategy.join(', ')}`);

console.log('\ncountTokens, µs');
const texts: [string, string][] = [
  ['short (6 words)', 'Write a haiku about autumn leaves'],
  ['paragraph (~90 words)', 'The router screens every model of the catalog. '.repeat(10)],
  ['long (~5k chars)', longPrompt.repeat(1)],
];
for (const [name, text] of texts) {
  const exact = time(() => countTokens(text, { tokenizers: [o200k] }), 5_000);
  const estimate = time(() => estimateTextTokens(text), 5_000);
  console.log(
    `  ${name.padEnd(24)} o200k p50 ${format(exact.p50)}  estimate p50 ${format(estimate.p50)}  (${o200k.countTokens(text)} vs ~${estimateTextTokens(text)} tokens)`,
  );
}
const promptTimes = time(() => countPromptTokens(conversation, { tokenizer: o200k }), 5_000);
console.log(`  countPromptTokens (4 messages, o200k) p50 ${format(promptTimes.p50)}`);
