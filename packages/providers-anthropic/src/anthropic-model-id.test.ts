import { readFileSync } from 'node:fs';
import { anthropicText, createAnthropicMockUpstream } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { toAnthropicModelId } from './anthropic-model-id.js';
import table from './anthropic-model-ids.json' with { type: 'json' };
import { createAnthropic } from './anthropic-provider.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

describe('toAnthropicModelId', () => {
  it('maps OpenRouter ids through the table (dots to dashes, dated ids)', () => {
    expect(toAnthropicModelId('anthropic/claude-sonnet-4.5')).toBe('claude-sonnet-4-5');
    expect(toAnthropicModelId('anthropic/claude-opus-4')).toBe('claude-opus-4-20250514');
    expect(toAnthropicModelId('anthropic/claude-3-haiku')).toBe('claude-3-haiku-20240307');
    expect(toAnthropicModelId('claude-haiku-4.5')).toBe('claude-haiku-4-5');
  });

  it('falls back to rules for prefixed ids the table does not know', () => {
    expect(toAnthropicModelId('anthropic/claude-opus-4.9')).toBe('claude-opus-4-9');
    expect(toAnthropicModelId('anthropic/claude-sonnet-4.5:beta')).toBe('claude-sonnet-4-5');
    expect(toAnthropicModelId('anthropic/claude-3.7-sonnet:thinking')).toBe('claude-3-7-sonnet-latest');
    expect(toAnthropicModelId('anthropic/claude-3.5-haiku')).toBe('claude-3-5-haiku-latest');
    expect(toAnthropicModelId('anthropic/claude-3-5-sonnet-20241022')).toBe('claude-3-5-sonnet-20241022');
  });

  it('passes native and unknown unprefixed ids through unchanged', () => {
    for (const id of ['claude-sonnet-4-5', 'claude-3-5-haiku-20241022', 'claude-next', 'my-proxy/model:x']) {
      expect(toAnthropicModelId(id)).toBe(id);
    }
  });

  it("keeps its table equal to the catalog's anthropic/ entries", () => {
    const catalog = JSON.parse(
      readFileSync(new URL('../../core/src/catalog/native-model-ids.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    const expected = Object.fromEntries(
      Object.entries(catalog).filter(([id]) => id.startsWith('anthropic/')),
    );
    expect(table).toEqual(expected);
  });
});

describe('createAnthropic with OpenRouter-style ids', () => {
  it('sends and reports the native id', async () => {
    const upstream = createAnthropicMockUpstream();
    upstream.enqueue(anthropicText('ok'));
    const model = createAnthropic({ apiKey: 'k', fetch: upstream.fetch }).languageModel(
      'anthropic/claude-sonnet-4.5',
    );
    expect(model.modelId).toBe('claude-sonnet-4-5');
    await model.doGenerate({ prompt });
    expect(upstream.calls[0]!.url).toBe('https://api.anthropic.com/v1/messages');
    expect((upstream.calls[0]!.bodyJson as { model: string }).model).toBe('claude-sonnet-4-5');
  });
});

describe('temperature with topP', () => {
  it('sends only temperature and warns about topP', async () => {
    const upstream = createAnthropicMockUpstream();
    upstream.enqueue(anthropicText('ok'));
    const model = createAnthropic({ apiKey: 'k', fetch: upstream.fetch })('claude-sonnet-4-5');
    const result = await model.doGenerate({ prompt, temperature: 0.2, topP: 0.9 });
    const body = upstream.calls[0]!.bodyJson as Record<string, unknown>;
    expect(body.temperature).toBe(0.2);
    expect(body).not.toHaveProperty('top_p');
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'topP' }),
    ]);
  });

  it('sends topP alone without a warning', async () => {
    const upstream = createAnthropicMockUpstream();
    upstream.enqueue(anthropicText('ok'));
    const model = createAnthropic({ apiKey: 'k', fetch: upstream.fetch })('claude-sonnet-4-5');
    const result = await model.doGenerate({ prompt, topP: 0.9 });
    const body = upstream.calls[0]!.bodyJson as Record<string, unknown>;
    expect(body.top_p).toBe(0.9);
    expect(body).not.toHaveProperty('temperature');
    expect(result.warnings).toEqual([]);
  });
});
