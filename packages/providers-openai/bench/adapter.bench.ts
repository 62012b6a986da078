/**
 * OpenAI adapter overhead benchmark. Prints figures; asserts nothing.
 *
 *   cd packages/providers-openai && node --conditions=@tokenwise/source --import tsx bench/adapter.bench.ts
 *   (or `pnpm --filter @tokenwise/providers-openai bench`)
 *
 * Compares `doGenerate` (ky, redaction, valibot validation, conversion) with a bare `fetch` + `JSON.parse` of
 * the same mock answer in-process, measures stream throughput (parts per second), and runs concurrent calls
 * against the mock served on 127.0.0.1.
 */
import { convertReadableStreamToArray } from '@tokenwise/provider-utils';
import type { Prompt } from '@tokenwise/spec';
import { createOpenAIMockUpstream, openaiStream, openaiText } from '@tokenwise/testkit';
import { createOpenAI } from '../src/openai-provider.js';

const prompt: Prompt = [{ role: 'user', content: [{ type: 'text', text: 'Say something short.' }] }];
const reply = openaiText('Hello! How can I assist you today?', {
  usage: { inputTokens: 19, outputTokens: 10 },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function time(
  runs: number,
  fn: () => PromiseLike<unknown>,
): Promise<{ p50: number; p99: number; perSecond: number }> {
  for (let i = 0; i < Math.min(200, runs); i++) await fn();
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  const total = performance.now() - start;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), perSecond: (runs / total) * 1000 };
}

const format = (label: string, r: { p50: number; p99: number; perSecond: number }) =>
  `${label.padEnd(44)} p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(3)} ms  ${r.perSecond.toFixed(0)}/s`;

async function main() {
  const upstream = createOpenAIMockUpstream().setDefault(reply);
  const model = createOpenAI({ apiKey: 'sk-bench', fetch: upstream.fetch })('gpt-4.1-mini');
  const runs = 3000;

  const bare = await time(runs, async () => {
    const response = await upstream.fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'Say something short.' }],
      }),
    });
    JSON.parse(await response.text());
  });
  const adapter = await time(runs, () => model.doGenerate({ prompt }));
  upstream.calls.length = 0;
  console.log(format('in-process bare fetch + JSON.parse', bare));
  console.log(format('in-process doGenerate', adapter));
  console.log(
    `adapter overhead per call: ${(adapter.p50 - bare.p50).toFixed(3)} ms (p50 ratio ${(adapter.p50 / bare.p50).toFixed(2)}x)`,
  );

  const deltas = Array.from({ length: 200 }, (_, i) => `w${i} `);
  upstream.setDefault(openaiStream(deltas, { usage: { inputTokens: 10, outputTokens: 200 } }));
  let parts = 0;
  const streaming = await time(300, async () => {
    const { stream } = await model.doStream({ prompt });
    parts += (await convertReadableStreamToArray(stream)).length;
  });
  upstream.calls.length = 0;
  console.log(format('in-process doStream (200 deltas)', streaming));
  console.log(`stream parts per second: ${((streaming.perSecond * parts) / (300 + 200)).toFixed(0)}`);

  upstream.setDefault(reply);
  const server = await upstream.listen();
  try {
    const remote = createOpenAI({ apiKey: 'sk-bench', baseURL: `${server.url}/v1` })('gpt-4.1-mini');
    const total = 1000;
    const concurrency = 16;
    const run = async (label: string, call: () => PromiseLike<unknown>) => {
      let next = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            next++;
            await call();
          }
        }),
      );
      const elapsed = performance.now() - start;
      console.log(
        `${label} x${total}, concurrency ${concurrency}: ${elapsed.toFixed(0)} ms, ${((total / elapsed) * 1000).toFixed(0)} calls/s`,
      );
      return elapsed;
    };
    const bareLoopback = await run('loopback bare fetch', async () => {
      const response = await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-bench', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'x' }] }),
      });
      JSON.parse(await response.text());
    });
    const adapterLoopback = await run('loopback doGenerate', () => remote.doGenerate({ prompt }));
    console.log(`loopback ratio adapter/bare: ${(adapterLoopback / bareLoopback).toFixed(2)}x`);
  } finally {
    await server.close();
  }
}

await main();
