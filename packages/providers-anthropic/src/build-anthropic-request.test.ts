import type { CallOptions } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { ANTHROPIC_DEFAULT_MAX_TOKENS, buildAnthropicRequest } from './build-anthropic-request.js';

const prompt: CallOptions['prompt'] = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }];

describe('buildAnthropicRequest', () => {
  it('passes max tokens (1024) and defaults it to 4096 when absent', () => {
    expect(
      buildAnthropicRequest('m', { prompt, maxOutputTokens: 1024 }, { stream: false }).body.max_tokens,
    ).toBe(1024);
    expect(buildAnthropicRequest('m', { prompt }, { stream: false }).body.max_tokens).toBe(
      ANTHROPIC_DEFAULT_MAX_TOKENS,
    );
    expect(ANTHROPIC_DEFAULT_MAX_TOKENS).toBe(4096);
    expect(
      buildAnthropicRequest('m', { prompt }, { stream: false, defaultMaxTokens: 64 }).body.max_tokens,
    ).toBe(64);
  });

  it('maps sampling settings, stop sequences, user and streaming', () => {
    const { body, warnings } = buildAnthropicRequest(
      'claude-x',
      { prompt, temperature: 0.2, stopSequences: ['END'], user: 'user-7' },
      { stream: true },
    );
    expect(body).toEqual({
      model: 'claude-x',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      temperature: 0.2,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
      stream: true,
    });
    expect(warnings).toEqual([]);
    expect(buildAnthropicRequest('claude-x', { prompt, topP: 0.9 }, { stream: false }).body.top_p).toBe(0.9);
  });

  it('drops topP with a warning when temperature is also given (recent Claude models reject the pair)', () => {
    const { body, warnings } = buildAnthropicRequest(
      'claude-x',
      { prompt, temperature: 0.2, topP: 0.9 },
      { stream: false },
    );
    expect(body.temperature).toBe(0.2);
    expect(body).not.toHaveProperty('top_p');
    expect(warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'topP',
        message: 'Anthropic models reject temperature together with topP; only temperature was sent.',
      },
    ]);
  });

  it('maps tools and every tool choice', () => {
    const tools: CallOptions['tools'] = [
      { type: 'function', name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } },
    ];
    const choice = (toolChoice: CallOptions['toolChoice']) =>
      buildAnthropicRequest('m', { prompt, tools, toolChoice }, { stream: false }).body.tool_choice;
    expect(buildAnthropicRequest('m', { prompt, tools }, { stream: false }).body.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } },
    ]);
    expect(choice({ type: 'auto' })).toEqual({ type: 'auto' });
    expect(choice({ type: 'none' })).toEqual({ type: 'none' });
    expect(choice({ type: 'required' })).toEqual({ type: 'any' });
    expect(choice({ type: 'tool', toolName: 'get_weather' })).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('asks for JSON through the system prompt and warns that it is not guaranteed', () => {
    const { body, warnings } = buildAnthropicRequest(
      'm',
      {
        prompt: [{ role: 'system', content: 'Be brief.' }, ...prompt],
        responseFormat: { type: 'json', schema: { type: 'object', properties: { a: { type: 'number' } } } },
      },
      { stream: false },
    );
    expect(body.system).toMatch(/^Be brief\.\n\nAnswer with one valid JSON value only.*"properties":\{"a"/s);
    expect(warnings).toEqual([
      expect.objectContaining({ type: 'unsupported-setting', setting: 'responseFormat' }),
    ]);
  });

  it('warns about seed and a tool choice without tools', () => {
    const { body, warnings } = buildAnthropicRequest(
      'm',
      { prompt, seed: 1, toolChoice: { type: 'required' } },
      { stream: false },
    );
    expect(body.tool_choice).toBeUndefined();
    expect(warnings.map((warning) => warning.setting)).toEqual(['seed', 'toolChoice']);
  });

  it('merges providerOptions.anthropic into the body', () => {
    const { body } = buildAnthropicRequest(
      'm',
      {
        prompt,
        providerOptions: {
          anthropic: { thinking: { type: 'enabled', budget_tokens: 1024 } },
          google: { x: 1 },
        },
      },
      { stream: false },
    );
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(body.x).toBeUndefined();
  });
});
