import { readFileSync } from 'node:fs';
import { createGoogleMockUpstream, geminiText } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { googleModelPath, toGoogleModelId } from './google-model-id.js';
import table from './google-model-ids.json' with { type: 'json' };
import { createGoogle } from './google-provider.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];
const base = 'https://generativelanguage.googleapis.com/v1beta';

describe('toGoogleModelId', () => {
  it('strips the google/ prefix and OpenRouter variant suffixes', () => {
    expect(toGoogleModelId('google/gemini-2.5-pro')).toBe('gemini-2.5-pro');
    expect(toGoogleModelId('google/gemma-3-27b-it:free')).toBe('gemma-3-27b-it');
    expect(toGoogleModelId('google/gemini-9-ultra')).toBe('gemini-9-ultra');
  });

  it('passes native, resource-style and foreign ids through unchanged', () => {
    for (const id of [
      'gemini-2.5-flash',
      'models/gemini-2.5-pro',
      'tunedModels/my-model',
      'meta-llama/llama-3',
    ]) {
      expect(toGoogleModelId(id)).toBe(id);
    }
  });

  it("keeps its table equal to the catalog's google/ entries", () => {
    const catalog = JSON.parse(
      readFileSync(new URL('../../core/src/catalog/native-model-ids.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    expect(table).toEqual(
      Object.fromEntries(Object.entries(catalog).filter(([id]) => id.startsWith('google/'))),
    );
  });
});

describe('googleModelPath', () => {
  it('keeps resource names and encodes anything that would break the URL path', () => {
    expect(googleModelPath('gemini-2.5-pro')).toBe('models/gemini-2.5-pro');
    expect(googleModelPath('tunedModels/my-model')).toBe('tunedModels/my-model');
    expect(googleModelPath('meta-llama/llama-3')).toBe('models/meta-llama%2Fllama-3');
    expect(googleModelPath('models/../files')).toBe('models/models%2F..%2Ffiles');
    expect(googleModelPath('models/..')).toBe('models/models%2F..');
    expect(googleModelPath('x?key=1#y')).toBe('models/x%3Fkey%3D1%23y');
  });
});

describe('createGoogle with OpenRouter-style ids', () => {
  it('posts to the native model URL and reports the native id', async () => {
    const upstream = createGoogleMockUpstream();
    upstream.enqueue(geminiText('ok'));
    const model = createGoogle({ apiKey: 'k', fetch: upstream.fetch }).languageModel('google/gemini-2.5-pro');
    expect(model.modelId).toBe('gemini-2.5-pro');
    await model.doGenerate({ prompt });
    expect(upstream.calls[0]!.url).toBe(`${base}/models/gemini-2.5-pro:generateContent`);
  });

  it('never puts a leftover slash into the URL path', async () => {
    const upstream = createGoogleMockUpstream();
    upstream.enqueue(geminiText('ok'));
    await createGoogle({ apiKey: 'k', fetch: upstream.fetch })('meta-llama/llama-3').doGenerate({ prompt });
    expect(upstream.calls[0]!.url).toBe(`${base}/models/meta-llama%2Fllama-3:generateContent`);
  });
});
