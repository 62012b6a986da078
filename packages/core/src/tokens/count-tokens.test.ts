import type { Message } from '@tokenwise/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countPromptTokens,
  IMAGE_TOKENS,
  MESSAGE_OVERHEAD_TOKENS,
  REPLY_PRIMING_TOKENS,
} from './count-prompt-tokens.js';
import { countTokens } from './count-tokens.js';
import { encodingForModel } from './encoding-for-model.js';
import { estimateOutputTokens } from './estimate-output-tokens.js';
import { estimateTextTokens } from './estimate-text-tokens.js';
import { loadTokenizer, type Tokenizer } from './tokenizer.js';

let o200k: Tokenizer;
let cl100k: Tokenizer;

beforeAll(async () => {
  o200k = await loadTokenizer('o200k_base');
  cl100k = await loadTokenizer('cl100k_base');
});

describe('encodingForModel', () => {
  it.each([
    ['openai/gpt-4.1-mini', 'o200k_base'],
    ['gpt-4o', 'o200k_base'],
    ['openai/o3', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['openai/gpt-5', 'o200k_base'],
    ['openai/gpt-oss-120b', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['openai/gpt-4-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['anthropic/claude-sonnet-4', undefined],
    ['google/gemini-2.5-flash', undefined],
    ['deepseek/deepseek-chat', undefined],
    ['o3x-unknown', undefined],
  ])('%s → %s', (id, encoding) => {
    expect(encodingForModel(id)).toBe(encoding);
  });
});

describe('countTokens', () => {
  it('counts exactly with the loaded o200k tokenizer', () => {
    // "hello world" is two o200k tokens.
    expect(countTokens('hello world', { modelId: 'openai/gpt-4o', tokenizers: [o200k] })).toBe(2);
    expect(countTokens('', { modelId: 'openai/gpt-4o', tokenizers: [o200k] })).toBe(0);
  });

  it('uses the encoding of the model, not just any loaded tokenizer', () => {
    const text = 'Les élèves étudient la programmation fonctionnelle.';
    const viaCl100k = countTokens(text, { modelId: 'gpt-4', tokenizers: [o200k, cl100k] });
    expect(viaCl100k).toBe(cl100k.countTokens(text));
    expect(viaCl100k).not.toBe(o200k.countTokens(text));
    // Only o200k loaded: a gpt-4 count falls back to the estimate rather than the wrong encoding.
    expect(countTokens(text, { modelId: 'gpt-4', tokenizers: [o200k] })).toBe(estimateTextTokens(text));
  });

  it('estimates for vendors without a public tokenizer, even when one is loaded', () => {
    const text = 'Explain the difference between a process and a thread.';
    expect(countTokens(text, { modelId: 'anthropic/claude-sonnet-4', tokenizers: [o200k] })).toBe(
      estimateTextTokens(text),
    );
  });

  it('does not throw on special-token text in user input', () => {
    expect(countTokens('<|endoftext|>', { tokenizers: [o200k] })).toBeGreaterThan(1);
  });
});

describe('estimateTextTokens', () => {
  const samples = {
    prose:
      'TokenWise routes each request to the cheapest model that can do the job, and it never spends more than the budget you set. When a call fails, it escalates to a stronger model.',
    code: 'export function add(a: number, b: number): number {\n  return a + b;\n}\nconst values = [1, 2, 3].map((x) => add(x, 1));',
    json: '{"id":"openai/gpt-4.1","pricing":{"prompt":"0.000002","completion":"0.000008"},"context_length":1047576}',
    chinese: '我们需要一个能够根据预算自动选择模型的系统，它应该在保证质量的同时尽量降低成本。',
    russian: 'Нам нужна система, которая автоматически выбирает модель в пределах бюджета.',
  };

  it.each(Object.entries(samples))('never under-counts o200k on %s', (_name, text) => {
    const exact = o200k.countTokens(text);
    const estimate = estimateTextTokens(text);
    expect(estimate).toBeGreaterThanOrEqual(exact);
    expect(estimate).toBeLessThanOrEqual(Math.ceil(exact * 2.5));
  });

  it('counts a surrogate pair once', () => {
    expect(estimateTextTokens('😀')).toBe(1);
    expect(estimateTextTokens('')).toBe(0);
  });
});

describe('countPromptTokens', () => {
  it('treats a string as one user message with overhead and reply priming', () => {
    expect(countPromptTokens('hello world', { tokenizers: [o200k] })).toBe(
      2 + MESSAGE_OVERHEAD_TOKENS + REPLY_PRIMING_TOKENS,
    );
  });

  it('counts every message part, images at the flat rate', () => {
    const prompt: Message[] = [
      { role: 'system', content: 'hello world' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'hello world' },
          { type: 'image', image: 'https://example.com/cat.png' },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: '{"q":"x"}' }],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'lookup', output: 'hello world' }],
      },
    ];
    const options = { modelId: 'openai/gpt-4o', tokenizers: [o200k] };
    const expected =
      REPLY_PRIMING_TOKENS +
      4 * MESSAGE_OVERHEAD_TOKENS +
      2 +
      2 +
      IMAGE_TOKENS +
      (o200k.countTokens('lookup') + o200k.countTokens('{"q":"x"}') + MESSAGE_OVERHEAD_TOKENS) +
      (2 + MESSAGE_OVERHEAD_TOKENS);
    expect(countPromptTokens(prompt, options)).toBe(expected);
    expect(countPromptTokens(prompt, { ...options, imageTokens: 85 })).toBe(expected - IMAGE_TOKENS + 85);
  });
});

describe('estimateOutputTokens', () => {
  it('uses max_tokens when given', () => {
    expect(estimateOutputTokens({ maxOutputTokens: 50, complexity: 'complex' })).toBe(50);
  });

  it('uses the complexity table otherwise', () => {
    expect(estimateOutputTokens({ complexity: 'simple' })).toBe(256);
    expect(estimateOutputTokens({ complexity: 'moderate' })).toBe(1024);
    expect(estimateOutputTokens({ complexity: 'complex' })).toBe(2048);
  });

  it('is capped by the model output limit', () => {
    expect(estimateOutputTokens({ complexity: 'complex', modelMaxOutputTokens: 1000 })).toBe(1000);
    expect(
      estimateOutputTokens({ maxOutputTokens: 9000, complexity: 'simple', modelMaxOutputTokens: 8192 }),
    ).toBe(8192);
  });
});
