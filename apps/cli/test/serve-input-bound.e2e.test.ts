import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTokenizer, type Tokenizer } from '@tokenwise/core';
import { createOpenRouterMockUpstream, type ListeningUpstream, openaiText } from '@tokenwise/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ledgerRecords, rawRequest, spawnServe, until } from './spawn-serve.js';

// Issue #13 §1 end to end: the BUILT `tokenwise serve` must reserve input with a bound that holds for what
// the vendor bills. Text the old estimate undercounted (Thai at 0.37×) and a large tool schema (not counted
// at all before) go through concurrent requests under a process budget, to an upstream on loopback that bills
// honestly: the real o200k count of what it was sent. The spend must stay within the budget.

const MINI = 'openai/gpt-4.1-mini';
const INPUT_PICO = 400_000n;
const OUTPUT_PICO = 1_600_000n;
const MAX_TOKENS = 20;

let home: string;
let o200k: Tokenizer;
const upstream = createOpenRouterMockUpstream();
let server: ListeningUpstream;

interface SentTool {
  type: string;
  function: { name: string; description?: string; parameters?: unknown };
}

/** What an honest OpenAI bills as input: o200k tokens of the text, 3 per message, 3 to prime, and the tools. */
function billedInputTokens(body: { messages: { content: string }[]; tools?: SentTool[] }): number {
  let tokens = 3;
  for (const message of body.messages) tokens += 3 + o200k.countTokens(message.content);
  for (const tool of body.tools ?? []) tokens += o200k.countTokens(JSON.stringify(tool.function));
  return tokens;
}

beforeAll(async () => {
  assertBuilt();
  home = await mkdtemp(join(tmpdir(), 'tokenwise-input-bound-e2e-'));
  o200k = await loadTokenizer('o200k_base');
  server = await upstream.listen();
  // An honest vendor that uses its whole output allowance: every answer costs exactly its worst case.
  upstream.setDefault((call) => {
    const body = call.bodyJson as { messages: { content: string }[]; tools?: SentTool[]; max_tokens: number };
    return openaiText('ok', {
      usage: { inputTokens: billedInputTokens(body), outputTokens: body.max_tokens },
    });
  });
});
afterAll(async () => {
  await server?.close();
  await rm(home, { recursive: true, force: true });
});

// 6,000 Thai characters: the old estimate counted about 0.37× of o200k's tokens.
const THAI = 'ภาษาไทยเป็นภาษาที่มีวรรณยุกต์และอักษรของตนเอง '.repeat(140).slice(0, 6_000);
// A 47 KB JSON schema in a tool definition: not counted at all before.
const SCHEMA = {
  type: 'object',
  properties: Object.fromEntries(
    Array.from({ length: 520 }, (_, index) => [
      `field_${index}`,
      { type: 'string', description: `Value ${index} of the order record, as written on the invoice` },
    ]),
  ),
};

const SCENARIOS = {
  'Thai text': { messages: [{ role: 'user', content: THAI }] },
  'a 47 KB tool schema': {
    messages: [{ role: 'user', content: 'File the order.' }],
    tools: [{ type: 'function', function: { name: 'file_order', parameters: SCHEMA } }],
  },
} as const;

describe('tokenwise serve: input reserved with an upper bound (built binary, #13 §1)', {
  timeout: 120_000,
}, () => {
  it.each(Object.entries(SCENARIOS))(
    '%s: four concurrent requests never spend more than the process budget',
    async (name, request) => {
      expect(JSON.stringify(SCHEMA).length).toBeGreaterThan(47_000);
      const worstCase =
        BigInt(billedInputTokens(request as Parameters<typeof billedInputTokens>[0])) * INPUT_PICO +
        BigInt(MAX_TOKENS) * OUTPUT_PICO;
      // room for two and a half honest answers: two can be served, never four
      const limit = (worstCase * 5n) / 2n;
      const ledgerPath = join(home, name.replace(/\W+/g, '-'), 'ledger.jsonl');
      const proxy = await spawnServe({
        home,
        upstreamUrl: server.url,
        ledgerPath,
        env: { TOKENWISE_PROXY_PROCESS_BUDGET: `$${Number(limit) / 1e12}` },
      });
      try {
        const answers = await Promise.all(
          Array.from({ length: 4 }, () =>
            rawRequest(proxy.port, {
              path: '/v1/chat/completions',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ model: MINI, max_tokens: MAX_TOKENS, ...request }),
            }),
          ),
        );
        const served = answers.filter((answer) => answer.status === 200).length;
        expect(served).toBeGreaterThan(0);
        for (const answer of answers.filter((answer) => answer.status !== 200)) {
          expect(answer.status).toBe(402);
          // the refusal names the limit that refused
          expect(answer.body).toContain('process budget');
        }
        await until(
          async () => (await ledgerRecords(ledgerPath)).filter((r) => r.kind === 'request').length === 4,
        );
        const attempts = (await ledgerRecords(ledgerPath)).filter(
          (record) => record.kind === 'attempt' && record.called !== false,
        );
        expect(attempts).toHaveLength(served);
        let spent = 0n;
        for (const attempt of attempts) {
          // the vendor billed its real count; the reservation was never below it
          expect(attempt.costSource).toBe('usage');
          expect(attempt.overrun ?? 0n).toBe(0n);
          expect(attempt.cost).toBeLessThanOrEqual(attempt.reserved!);
          spent += attempt.cost;
        }
        expect(spent).toBeLessThanOrEqual(limit);
      } finally {
        expect(await proxy.stop()).toBe(0);
      }
    },
  );
});
