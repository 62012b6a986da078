/**
 * Input-token bound benchmark: µs per call of `countInputTokensUpperBound` on a short chat prompt and a tool
 * call (table-free and with o200k loaded), MB/s of `boundTextTokens` against o200k on the adversarial corpus,
 * its tightness per corpus text, and what loading each tokenizer costs in RSS and heap (in fresh processes).
 * Prints figures; asserts nothing.
 *
 *   cd packages/core && node --conditions=@tokenwise/source --import tsx bench/input-tokens.bench.ts
 */
import { execFileSync } from 'node:child_process';
import type { Message } from '@tokenwise/spec';
import { adversarialCorpus } from '../src/tokens/adversarial-corpus.fixture.js';
import {
  boundTextTokens,
  countInputTokensUpperBound,
  type InputTokenCall,
  loadTokenizer,
  type Tokenizer,
  utf8ByteLength,
} from '../src/tokens/index.js';

function microsPerCall(label: string, calls: number, body: () => void): void {
  for (let index = 0; index < 2_000; index++) body();
  const start = performance.now();
  for (let index = 0; index < calls; index++) body();
  const micros = ((performance.now() - start) * 1000) / calls;
  console.log(`${label.padEnd(56)} ${micros.toFixed(2).padStart(8)} µs/call`);
}

function throughput(label: string, texts: readonly string[], count: (text: string) => number): void {
  const bytes = texts.reduce((sum, text) => sum + utf8ByteLength(text), 0);
  const start = performance.now();
  for (let round = 0; round < 3; round++) for (const text of texts) count(text);
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(56)} ${((3 * bytes) / seconds / 1e6).toFixed(1).padStart(8)} MB/s`);
}

function memoryOf(encoding: string): string {
  const script = `
    const mb = (n) => (n / 1048576).toFixed(1);
    globalThis.gc(); const before = process.memoryUsage();
    const start = performance.now();
    if (${JSON.stringify(encoding)} !== 'none') {
      const m = await import('gpt-tokenizer/encoding/${encoding}');
      m.countTokens('hello world');
    }
    const ms = performance.now() - start;
    globalThis.gc(); await new Promise((r) => setTimeout(r, 100)); globalThis.gc();
    const after = process.memoryUsage();
    console.log(\`load \${ms.toFixed(0)} ms, RSS +\${mb(after.rss - before.rss)} MiB, heap +\${mb(after.heapUsed - before.heapUsed)} MiB (RSS \${mb(after.rss)} MiB)\`);`;
  return execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url),
    encoding: 'utf8',
  }).trim();
}

export async function run(): Promise<void> {
  const o200k: Tokenizer = await loadTokenizer('o200k_base');
  const prompt: Message[] = [
    { role: 'system', content: 'You are a concise assistant.' },
    {
      role: 'user',
      content: [{ type: 'text', text: 'Summarise the budget rules of TokenWise in two lines.' }],
    },
  ];
  const short: InputTokenCall = { prompt };
  const withTool: InputTokenCall = {
    prompt,
    tools: [
      {
        type: 'function',
        name: 'lookup',
        description: 'Look a word up in the glossary.',
        inputSchema: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
      },
    ],
    toolChoice: { type: 'auto' },
  };
  microsPerCall('short prompt, table-free (gpt-4o)', 200_000, () =>
    countInputTokensUpperBound(short, { modelId: 'gpt-4o' }),
  );
  microsPerCall('short prompt, table-free (claude-sonnet-4)', 200_000, () =>
    countInputTokensUpperBound(short, { modelId: 'claude-sonnet-4' }),
  );
  microsPerCall('short prompt, exact o200k (gpt-4o)', 50_000, () =>
    countInputTokensUpperBound(short, { modelId: 'gpt-4o', tokenizers: [o200k] }),
  );
  microsPerCall('short prompt + one tool, table-free (gpt-4o)', 100_000, () =>
    countInputTokensUpperBound(withTool, { modelId: 'gpt-4o' }),
  );

  const corpus = adversarialCorpus(13, 3);
  const texts = corpus.map(({ text }) => text);
  throughput('boundTextTokens on the corpus', texts, boundTextTokens);
  throughput('o200k countTokens on the corpus', texts, (text) => o200k.countTokens(text));

  const ratios = corpus
    .filter(({ name }) => !/^repeated /.test(name) && !/\(40\)$/.test(name))
    .map(({ name, text, natural }) => ({
      name,
      natural,
      ratio: boundTextTokens(text) / o200k.countTokens(text),
    }))
    .sort((a, b) => a.ratio - b.ratio);
  console.log('bound / o200k per corpus text (long texts; lowest first):');
  for (const { name, natural, ratio } of ratios) {
    console.log(`  ${name.padEnd(44)} ${ratio.toFixed(2).padStart(6)}×${natural ? '  (natural text)' : ''}`);
  }

  for (const encoding of ['none', 'o200k_base', 'cl100k_base']) {
    console.log(`memory, ${encoding.padEnd(12)} ${memoryOf(encoding)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
