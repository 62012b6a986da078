import { readFileSync } from 'node:fs';
import { createOpenAIMockUpstream, openaiText } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { toOpenAIModelId } from './openai-model-id.js';
import table from './openai-model-ids.json' with { type: 'json' };
import { createOpenAI } from './openai-provider.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

describe('toOpenAIModelId', () => {
  it('maps OpenRouter ids through the table, else strips prefix and variant suffix', () => {
    expect(toOpenAIModelId('openai/o3-mini')).toBe('o3-mini');
    expect(toOpenAIModelId('openai/gpt-5.2-chat')).toBe('gpt-5.2-chat-latest');
    expect(toOpenAIModelId('openai/gpt-oss-20b:free')).toBe('gpt-oss-20b');
  });

  it('passes native ids and fine-tunes through unchanged', () => {
    for (const id of ['gpt-4.1-mini', 'o3', 'ft:gpt-4o-mini:acme::abc123', 'gpt-5.2-chat']) {
      expect(toOpenAIModelId(id)).toBe(id);
    }
  });

  it("keeps its table equal to the catalog's openai/ entries", () => {
    const catalog = JSON.parse(
      readFileSync(new URL('../../core/src/catalog/native-model-ids.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    expect(table).toEqual(
      Object.fromEntries(Object.entries(catalog).filter(([id]) => id.startsWith('openai/'))),
    );
  });
});

describe('createOpenAI with OpenRouter-style ids', () => {
  it('sends and reports the native id at api.openai.com', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(openaiText('ok'));
    const model = createOpenAI({ apiKey: 'k', fetch: upstream.fetch }).languageModel('openai/o3-mini');
    expect(model.modelId).toBe('o3-mini');
    await model.doGenerate({ prompt, temperature: 0.5 });
    const body = upstream.calls[0]!.bodyJson as Record<string, unknown>;
    expect(body.model).toBe('o3-mini');
    // the reasoning-model rules see the native id too:
    expect(body).not.toHaveProperty('temperature');
  });

  it('sends ids as given to OpenAI-compatible servers', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(openaiText('ok'));
    const model = createOpenAI({ baseURL: 'http://127.0.0.1:8000/v1', fetch: upstream.fetch })(
      'openai/gpt-oss-20b',
    );
    expect(model.modelId).toBe('openai/gpt-oss-20b');
    await model.doGenerate({ prompt });
    expect(upstream.calls[0]!.url).toBe('http://127.0.0.1:8000/v1/chat/completions');
    expect((upstream.calls[0]!.bodyJson as { model: string }).model).toBe('openai/gpt-oss-20b');
  });
});
