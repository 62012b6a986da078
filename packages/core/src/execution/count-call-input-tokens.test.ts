import type { FunctionTool, JsonObject, Message } from '@tokenwise/spec';
import { usd } from '@tokenwise/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBudget } from '../budget/index.js';
import { loadTokenizer, type Tokenizer } from '../tokens/tokenizer.js';
import { createCallEngine } from './call-engine.js';
import { countCallInputTokens, countToolTokens } from './count-call-input-tokens.js';
import { createFakeModel, fakeInfo, textResult, usageOf } from './fake-language-model.test-helper.js';

let o200k: Tokenizer;

beforeAll(async () => {
  o200k = await loadTokenizer('o200k_base');
});

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });

function deepSchema(depth: number): JsonObject {
  const root: JsonObject = { type: 'object' };
  let current = root;
  for (let level = 0; level < depth; level++) {
    const child: JsonObject = { type: 'object' };
    current.properties = { nested: child };
    current = child;
  }
  return root;
}

describe('countCallInputTokens (the engine default)', () => {
  it('never counts below o200k for unusual scripts and encodings, on any vendor', () => {
    const samples = [
      'a '.repeat(2_000),
      'สวัสดีครับ'.repeat(100),
      'नमस्ते दुनिया '.repeat(60),
      'àéîõü'.repeat(200),
      '😀🎉🚀'.repeat(150),
      btoa(String.fromCharCode(...Array.from({ length: 1_500 }, (_, i) => (i * 97) % 256))),
    ];
    for (const text of samples) {
      const exact = o200k.countTokens(text);
      for (const modelId of [
        'openai/gpt-4.1-mini',
        'anthropic/claude-sonnet-4',
        'google/gemini-2.5-flash',
        'x/y',
      ]) {
        expect(countCallInputTokens({ prompt: [user(text)] }, { modelId })).toBeGreaterThanOrEqual(exact);
      }
    }
  });

  it('counts tool definitions and survives a schema 10,000 levels deep', () => {
    const big: FunctionTool = {
      type: 'function',
      name: 'lookup',
      inputSchema: { type: 'object', description: 'ยาว '.repeat(2_000) },
    };
    const schemaText = JSON.stringify(big.inputSchema);
    expect(countToolTokens({ tools: [big] })).toBeGreaterThanOrEqual(o200k.countTokens(schemaText));
    const deep: FunctionTool = { type: 'function', name: 'deep', inputSchema: deepSchema(10_000) };
    expect(countToolTokens({ tools: [deep] }, { modelId: 'openai/gpt-4.1' })).toBeGreaterThan(10_000);
    expect(countToolTokens({})).toBe(0);
    // A tool choice without tools (vendors refuse it) adds nothing: there is no tool list to send.
    expect(countToolTokens({ toolChoice: { type: 'required' } }, { modelId: 'openai/gpt-4.1' })).toBe(0);
    expect(countToolTokens({ toolChoice: { type: 'required' }, tools: [] })).toBe(0);
  });

  it('is exact for OpenAI models when the engine has their tokenizer', () => {
    const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    const withTable = countCallInputTokens(
      { prompt: [user(text)] },
      { modelId: 'openai/gpt-4o', tokenizers: [o200k] },
    );
    const without = countCallInputTokens({ prompt: [user(text)] }, { modelId: 'openai/gpt-4o' });
    expect(withTable).toBeLessThanOrEqual(without);
    expect(withTable - o200k.countTokens(text)).toBeLessThan(16);
  });
});

describe('the engine reserves input with the upper bound by default', () => {
  it('refuses 6,000 Thai characters a $0.0005 budget cannot pay for (the estimate let them through)', async () => {
    const thai = 'สวัสดีครับ'.repeat(600);
    const info = fakeInfo({
      id: 'anthropic/claude-x',
      pricing: { inputPerMillion: 3, outputPerMillion: 15 },
    });
    const model = createFakeModel({ generate: [textResult('ok', usageOf(10_000, 1))] });
    const budget = createBudget({ limit: usd('0.0005') });
    const engine = createCallEngine({ minOutputTokens: 1 });
    const attempt = engine.generate({
      options: { prompt: [user(thai)], maxOutputTokens: 1 },
      candidates: [{ info, model }],
      budget,
    });
    await expect(attempt).rejects.toMatchObject({ name: 'TokenwiseBudgetExceededError' });
    expect(model.calls).toHaveLength(0);
    expect(budget.snapshot()).toMatchObject({ spent: 0n, reserved: 0n, openReservations: 0 });
  });

  it('uses the engine tokenizers: an OpenAI prompt reserves its exact count plus overheads', async () => {
    const text = 'hello world '.repeat(100);
    const info = fakeInfo({ id: 'openai/gpt-4o', pricing: { inputPerMillion: 1, outputPerMillion: 1 } });
    const model = createFakeModel({ generate: [textResult('ok', usageOf(10, 1))] });
    const engine = createCallEngine({ minOutputTokens: 1, tokenizers: [o200k] });
    const result = await engine.generate({
      options: { prompt: [user(text)], maxOutputTokens: 1 },
      candidates: [{ info, model }],
    });
    expect(result.plan.inputTokens).toBeGreaterThanOrEqual(o200k.countTokens(text));
    expect(result.plan.inputTokens).toBeLessThan(o200k.countTokens(text) + 16);
  });
});

describe('countToolTokens', () => {
  const tool: FunctionTool = {
    type: 'function',
    name: 'get_weather',
    description: 'The weather in a city',
    inputSchema: { type: 'object', properties: { city: { type: 'string' } } },
  };

  it('is what the tools add to an empty prompt, for the same model', () => {
    for (const modelId of ['openai/gpt-4.1', 'anthropic/claude-sonnet-4']) {
      const added =
        countCallInputTokens({ prompt: [], tools: [tool] }, { modelId }) -
        countCallInputTokens({ prompt: [] }, { modelId });
      expect(added).toBeGreaterThan(0);
      expect(countToolTokens({ tools: [tool] }, { modelId })).toBe(added);
    }
  });

  it('counts a JSON response schema even without tools', () => {
    const responseFormat = {
      type: 'json' as const,
      schema: { type: 'object', properties: { answer: { type: 'string' } } },
    };
    const added =
      countCallInputTokens({ prompt: [], responseFormat }, { modelId: '' }) -
      countCallInputTokens({ prompt: [] }, { modelId: '' });
    expect(added).toBeGreaterThan(0);
    expect(countToolTokens({ responseFormat })).toBe(added);
    expect(countToolTokens({ responseFormat: { type: 'text' } })).toBe(0);
  });
});
