import type { FunctionTool, JsonObject, Message } from '@tokenwise/spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { adversarialCorpus } from './adversarial-corpus.fixture.js';
import { boundTextTokens, utf8ByteLength } from './bound-text-tokens.js';
import {
  ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS,
  BOUND_MESSAGE_OVERHEAD_TOKENS,
  BOUND_REPLY_PRIMING_TOKENS,
  BOUND_RESPONSE_FORMAT_OVERHEAD_TOKENS,
  BOUND_TOOL_OVERHEAD_TOKENS,
  BOUND_TOOL_PART_OVERHEAD_TOKENS,
  BOUND_TOOLS_BLOCK_TOKENS,
  countInputTokensUpperBound,
  UNPUBLISHED_TOKENIZER_FACTOR,
} from './count-input-tokens-upper-bound.js';
import { imageDimensions } from './image-dimensions.js';
import { imageInputTokens } from './image-input-tokens.js';
import { jsonText } from './json-text.js';
import { tokenVendorForModel } from './token-vendor.js';
import { loadTokenizer, type Tokenizer } from './tokenizer.js';

let o200k: Tokenizer;
let cl100k: Tokenizer;

beforeAll(async () => {
  o200k = await loadTokenizer('o200k_base');
  cl100k = await loadTokenizer('cl100k_base');
});

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const FRAME = BOUND_REPLY_PRIMING_TOKENS + BOUND_MESSAGE_OVERHEAD_TOKENS;

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

/** A 1×1 PNG header with the given size (only the header is read). */
function pngDataUrl(width: number, height: number): string {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return `data:image/png;base64,${btoa(String.fromCharCode(...bytes))}`;
}

describe('tokenVendorForModel', () => {
  it.each([
    ['openai/gpt-4o', 'openai'],
    ['gpt-4', 'openai'],
    ['anthropic/claude-sonnet-4', 'anthropic'],
    ['claude-3-5-haiku-latest', 'anthropic'],
    ['google/gemini-2.5-flash', 'google'],
    ['gemini-2.5-pro', 'google'],
    ['deepseek/deepseek-chat', 'other'],
  ])('%s → %s', (modelId, vendor) => {
    expect(tokenVendorForModel(modelId)).toBe(vendor);
  });
});

describe('countInputTokensUpperBound', () => {
  it('is exact plus overheads for an OpenAI model with its tokenizer loaded', () => {
    const text = 'hello world';
    expect(
      countInputTokensUpperBound({ prompt: [user(text)] }, { modelId: 'openai/gpt-4o', tokenizers: [o200k] }),
    ).toBe(FRAME + 2);
    expect(
      countInputTokensUpperBound({ prompt: [user(text)] }, { modelId: 'gpt-4', tokenizers: [o200k, cl100k] }),
    ).toBe(FRAME + cl100k.countTokens(text));
  });

  it('uses the table-free bound for OpenAI without a tokenizer, and it covers the exact count', () => {
    for (const { name, text } of adversarialCorpus(21)) {
      const call = { prompt: [user(text)] };
      const bound = countInputTokensUpperBound(call, { modelId: 'openai/gpt-4o' });
      const exact = countInputTokensUpperBound(call, { modelId: 'openai/gpt-4o', tokenizers: [o200k] });
      expect(bound, name).toBe(FRAME + boundTextTokens(text));
      expect(bound, name).toBeGreaterThanOrEqual(exact);
    }
  });

  it('applies the safety factor for Anthropic and Google, never above the UTF-8 length', () => {
    for (const modelId of [
      'anthropic/claude-sonnet-4',
      'google/gemini-2.5-flash',
      'mistralai/mistral-large',
    ]) {
      for (const { name, text } of adversarialCorpus(22)) {
        const call = { prompt: [user(text)] };
        const tableFree = countInputTokensUpperBound(call, { modelId }) - FRAME;
        const withO200k = countInputTokensUpperBound(call, { modelId, tokenizers: [o200k] }) - FRAME;
        const bytes = utf8ByteLength(text);
        expect(tableFree, name).toBe(
          Math.min(bytes, Math.ceil(boundTextTokens(text) * UNPUBLISHED_TOKENIZER_FACTOR)),
        );
        expect(withO200k, name).toBe(
          text === ''
            ? 0
            : Math.min(bytes, Math.ceil(o200k.countTokens(text) * UNPUBLISHED_TOKENIZER_FACTOR)),
        );
        expect(withO200k, name).toBeGreaterThanOrEqual(Math.min(bytes, o200k.countTokens(text)));
      }
    }
  });

  it('counts the system prompt, tool calls and results with their ids', () => {
    const prompt: Message[] = [
      { role: 'system', content: 'Be brief.' },
      user('What is the weather?'),
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: '{"city":"Paris"}' },
        ],
      },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', output: '18 C' }],
      },
    ];
    const count = (text: string) => o200k.countTokens(text);
    const expected =
      BOUND_REPLY_PRIMING_TOKENS +
      4 * BOUND_MESSAGE_OVERHEAD_TOKENS +
      count('Be brief.') +
      count('What is the weather?') +
      (BOUND_TOOL_PART_OVERHEAD_TOKENS + count('call_1') + count('weather') + count('{"city":"Paris"}')) +
      (BOUND_TOOL_PART_OVERHEAD_TOKENS + count('call_1') + count('weather') + count('18 C'));
    expect(countInputTokensUpperBound({ prompt }, { modelId: 'gpt-4o', tokenizers: [o200k] })).toBe(expected);
  });

  it('counts tool definitions (name, description, schema) and the tool choice', () => {
    const tool: FunctionTool = {
      type: 'function',
      name: 'lookup',
      description: 'Look a word up.',
      inputSchema: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
    };
    const options = { modelId: 'gpt-4o', tokenizers: [o200k] };
    const bare = countInputTokensUpperBound({ prompt: [user('hi')] }, options);
    const withTool = countInputTokensUpperBound(
      { prompt: [user('hi')], tools: [tool], toolChoice: { type: 'tool', toolName: 'lookup' } },
      options,
    );
    const count = (text: string) => o200k.countTokens(text);
    expect(withTool - bare).toBe(
      BOUND_TOOLS_BLOCK_TOKENS +
        BOUND_TOOL_OVERHEAD_TOKENS +
        count('lookup') +
        count('Look a word up.') +
        count(JSON.stringify(tool.inputSchema)) +
        BOUND_MESSAGE_OVERHEAD_TOKENS +
        count('lookup'),
    );
    const anthropic = countInputTokensUpperBound(
      { prompt: [user('hi')], tools: [tool] },
      { modelId: 'claude-sonnet-4' },
    );
    expect(anthropic).toBeGreaterThan(ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS);
  });

  it('counts a 47 KB tool schema, which the old reservation ignored', () => {
    const properties: JsonObject = {};
    for (let index = 0; index < 800; index++) {
      properties[`field_${index}`] = { type: 'string', description: `Value number ${index} of the record.` };
    }
    const tool: FunctionTool = {
      type: 'function',
      name: 'save',
      inputSchema: { type: 'object', properties },
    };
    const schemaText = JSON.stringify(tool.inputSchema);
    expect(schemaText.length).toBeGreaterThan(47_000);
    const tokens = countInputTokensUpperBound({ prompt: [user('hi')], tools: [tool] }, { modelId: 'gpt-4o' });
    expect(tokens).toBeGreaterThan(o200k.countTokens(schemaText));
  });

  it('counts the response_format schema, name and description', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const options = { modelId: 'gpt-4o', tokenizers: [o200k] };
    const bare = countInputTokensUpperBound(
      { prompt: [user('hi')], responseFormat: { type: 'text' } },
      options,
    );
    const json = countInputTokensUpperBound(
      {
        prompt: [user('hi')],
        responseFormat: { type: 'json', schema, name: 'reply', description: 'The reply.' },
      },
      options,
    );
    expect(json - bare).toBe(
      BOUND_RESPONSE_FORMAT_OVERHEAD_TOKENS +
        o200k.countTokens('reply') +
        o200k.countTokens('The reply.') +
        o200k.countTokens(JSON.stringify(schema)),
    );
  });

  it('does not throw on schemas nested 100,000 levels deep', () => {
    const schema = deepSchema(100_000);
    expect(() => JSON.stringify(schema)).toThrow(RangeError);
    const tool: FunctionTool = { type: 'function', name: 'deep', inputSchema: schema };
    const tokens = countInputTokensUpperBound(
      { prompt: [user('hi')], tools: [tool], responseFormat: { type: 'json', schema } },
      { modelId: 'gpt-4o' },
    );
    expect(tokens).toBeGreaterThan(2 * 100_000);
  });

  it('prices images by the vendor rule: decoded size, else the documented maximum', () => {
    const image = (url: string): Message => ({ role: 'user', content: [{ type: 'image', image: url }] });
    const remote = 'https://example.com/cat.png';
    const count = (modelId: string, url: string) =>
      countInputTokensUpperBound({ prompt: [image(url)] }, { modelId }) - FRAME;
    expect(count('gpt-4o', remote)).toBe(85 + 170 * 8);
    expect(count('gpt-4o', pngDataUrl(1024, 1024))).toBe(765);
    expect(count('gpt-4o', pngDataUrl(512, 512))).toBe(255);
    expect(count('gpt-4o-mini', pngDataUrl(512, 512))).toBe(2_833 + 5_667);
    expect(count('gpt-4.1-mini', remote)).toBe(Math.ceil(1_536 * 1.62));
    expect(count('gpt-4.1-nano', pngDataUrl(64, 64))).toBe(Math.ceil(4 * 2.46));
    expect(count('claude-sonnet-4', remote)).toBe(1_600);
    expect(count('claude-sonnet-4', pngDataUrl(200, 300))).toBe(80);
    expect(count('claude-sonnet-4', pngDataUrl(4000, 4000))).toBe(1_600);
    expect(count('gemini-2.5-flash', pngDataUrl(300, 300))).toBe(258);
    expect(count('gemini-2.5-flash', pngDataUrl(1000, 700))).toBe(258 * 2);
    expect(count('gemini-2.5-flash', remote)).toBe(258 * 16);
    expect(count('deepseek/deepseek-chat', remote)).toBe(258 * 16);
    expect(
      countInputTokensUpperBound({ prompt: [image(remote)] }, { modelId: 'gpt-4o', imageTokens: 85 }) - FRAME,
    ).toBe(85);
  });
});

describe('imageDimensions', () => {
  it('reads PNG, GIF, WebP and JPEG headers from data URLs and raw base64', () => {
    expect(imageDimensions({ type: 'image', image: pngDataUrl(640, 480) })).toEqual({
      width: 640,
      height: 480,
    });
    const gif = btoa('GIF89a\x20\x03\x58\x02\x00\x00\x00');
    expect(imageDimensions({ type: 'image', image: gif, mediaType: 'image/gif' })).toEqual({
      width: 800,
      height: 600,
    });
    const jpeg = btoa(
      '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03\x01\x22\x00',
    );
    expect(imageDimensions({ type: 'image', image: `data:image/jpeg;base64,${jpeg}` })).toEqual({
      width: 640,
      height: 480,
    });
    const webp = btoa(`RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00\x7f\x02\x00\xdf\x01\x00`);
    expect(imageDimensions({ type: 'image', image: `data:image/webp;base64,${webp}` })).toEqual({
      width: 640,
      height: 480,
    });
  });

  it('gives up on remote URLs, unknown formats and broken base64', () => {
    expect(imageDimensions({ type: 'image', image: 'https://example.com/a.png' })).toBeUndefined();
    expect(imageDimensions({ type: 'image', image: 'data:image/png;base64,!!!!' })).toBeUndefined();
    expect(
      imageDimensions({ type: 'image', image: `data:image/bmp;base64,${btoa('BM....')}` }),
    ).toBeUndefined();
  });

  it('agrees with imageInputTokens without dimensions being the maximum', () => {
    for (const size of [
      { width: 100, height: 100 },
      { width: 2048, height: 768 },
      { width: 10_000, height: 300 },
      { width: 5000, height: 5000 },
    ]) {
      for (const [vendor, model] of [
        ['openai', 'gpt-4o'],
        ['anthropic', 'claude-sonnet-4'],
        ['google', 'gemini-2.5-pro'],
      ] as const) {
        expect(imageInputTokens(vendor, model, size)).toBeLessThanOrEqual(imageInputTokens(vendor, model));
      }
    }
  });
});

describe('jsonText', () => {
  it('matches JSON.stringify on ordinary values, leaving out undefined properties', () => {
    const values = [
      null,
      'x"\n',
      12.5,
      true,
      [],
      {},
      { a: [1, { b: null, c: undefined }, 'é'], d: { e: [[]] } },
      [Number.NaN, 1e21],
    ];
    for (const value of values) expect(jsonText(value as JsonObject)).toBe(JSON.stringify(value));
  });
});
