/**
 * Starvation by worst-case reservations (issue #13 §5), before and after the engine's input counter became the
 * upper bound: N simultaneous calls without max_tokens share one budget; a fake model answers after all were
 * reserved, with honest usage (the prompt's o200k tokens as OpenAI bills them; answers of 300 tokens, and of 2,000
 * in the last scenario, cut at max_tokens when that is lower — the truncation side of the trade-off). Prints the served share (answered / N) and the spent
 * share (spent / limit) for the old behaviour (the estimate for input, the model's whole max output reserved)
 * and for the upper bound with a default output reservation (`defaultMaxOutputTokens`) of the model's max,
 * 4096 (today's default), 1024 and 512. Count-based: machine load does not change the figures. Asserts nothing.
 *
 *   cd packages/core && node --conditions=@tokenwise/source --import tsx bench/starvation.bench.ts
 */
import { type LanguageModelV1, type ModelInfo, type PicoUsd, usd } from '@tokenwise/spec';
import { createBudget } from '../src/budget/index.js';
import { createCallEngine, type InputTokenCounter } from '../src/execution/index.js';
import { costOf } from '../src/pricing/index.js';
import { countPromptTokens, loadTokenizer } from '../src/tokens/index.js';

const info: ModelInfo = {
  id: 'openai/gpt-4.1-mini',
  name: 'GPT-4.1 mini',
  provider: 'openai',
  pricing: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  contextWindow: 1_047_576,
  maxOutputTokens: 32_768,
  capabilities: ['general'],
  tier: 'budget',
  inputModalities: ['text'],
  supportedParameters: [],
};

/**
 * Answers once every call of the batch was sized and held (one macrotask later), with honest usage: the
 * prompt's real input tokens and an answer of `answerTokens`, cut at the call's max_tokens (finish reason
 * `length`) when it is lower.
 */
function answering(inputTokens: number, answerTokens: number): LanguageModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId: 'gpt-4.1-mini',
    async doGenerate(options) {
      await new Promise((done) => setImmediate(done));
      const outputTokens = Math.min(answerTokens, options.maxOutputTokens ?? answerTokens);
      const cut = outputTokens < answerTokens;
      return {
        content: [{ type: 'text', text: 'answer' }],
        finishReason: cut ? { unified: 'length', raw: 'length' } : { unified: 'stop', raw: 'stop' },
        usage: { inputTokens, outputTokens },
        warnings: [],
      };
    },
    async doStream() {
      throw new Error('not used');
    },
  };
}

const o200k = await loadTokenizer('o200k_base');

const oldEstimate: InputTokenCounter = (call, context) => countPromptTokens(call.prompt, context);

/** One row: the input counter and the output reserved for a call without max_tokens. */
type Row = [name: string, counter: InputTokenCounter | undefined, defaultMaxOutputTokens: number];

const WHOLE_MAX = info.maxOutputTokens ?? 32_768;
const rows: Row[] = [
  // the old behaviour: the estimate for input, the model's whole max output reserved
  ['before: estimate, out = model max', oldEstimate, WHOLE_MAX],
  ['upper bound, out = model max', undefined, WHOLE_MAX],
  // today's TOKENWISE_DEFAULT_MAX_OUTPUT_TOKENS default
  ['upper bound, out 4096', undefined, 4096],
  ['upper bound, out 1024', undefined, 1024],
  ['upper bound, out 512', undefined, 512],
];

async function scenario(
  label: string,
  calls: number,
  limit: PicoUsd,
  text: string,
  answerTokens = 300,
): Promise<void> {
  // what OpenAI bills for one user message: its o200k tokens, 3 around the message, 3 to prime the reply
  const inputTokens = o200k.countTokens(text) + 6;
  const model = answering(inputTokens, answerTokens);
  // what one whole honest answer costs: the most calls the budget could ever serve
  const honestCost = costOf(info, { inputTokens, outputTokens: answerTokens })!;
  const payable = limit / honestCost;
  console.log(
    `${label}: at their real cost the budget pays for ${payable} of ${calls} answers (${((Number(payable) / calls) * 100).toFixed(1)} %)`,
  );
  for (const [name, counter, defaultMaxOutputTokens] of rows) {
    const budget = createBudget({ limit, label: 'process' });
    const engine = createCallEngine({
      ...(counter ? { countInputTokens: counter } : {}),
      defaultMaxOutputTokens,
    });
    const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }];
    const results = await Promise.allSettled(
      Array.from({ length: calls }, () =>
        engine.generate({ options: { prompt }, candidates: [{ info, model }], budget, failover: false }),
      ),
    );
    const served = results.filter((result) => result.status === 'fulfilled').length;
    const truncated = results.filter(
      (result) => result.status === 'fulfilled' && result.value.result.finishReason.unified === 'length',
    ).length;
    const spentShare = Number((budget.spent * 10_000n) / limit) / 100;
    console.log(
      `${label.padEnd(44)} ${name.padEnd(34)} served ${String(served).padStart(3)}/${calls} (${((served / calls) * 100).toFixed(1)} %)  spent ${spentShare.toFixed(2)} % of the budget  truncated ${truncated}/${served}`,
    );
  }
}

await scenario('200 simultaneous requests, process $0.01', 200, usd('0.01'), 'Summarise the plot of Hamlet.');
await scenario('300 plan steps sharing $0.02', 300, usd('0.02'), 'Step 3 of the plan: '.repeat(40));
// the other side of the trade-off: long answers (2,000 tokens) are truncated by a small default reservation
await scenario(
  '200 requests, 2,000-token answers, process $0.1',
  200,
  usd('0.1'),
  'Write the whole module.',
  2_000,
);
