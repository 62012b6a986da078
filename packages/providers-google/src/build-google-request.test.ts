import type { CallOptions } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { buildGoogleRequest } from './build-google-request.js';

const prompt: CallOptions['prompt'] = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }];

describe('buildGoogleRequest', () => {
  it('puts sampling settings in generationConfig (temperature 0.5, maxOutputTokens 100)', () => {
    const { body, warnings } = buildGoogleRequest({
      prompt,
      temperature: 0.5,
      maxOutputTokens: 100,
      topP: 0.8,
      stopSequences: ['END'],
      seed: 7,
    });
    expect(body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      generationConfig: {
        temperature: 0.5,
        maxOutputTokens: 100,
        topP: 0.8,
        stopSequences: ['END'],
        seed: 7,
      },
    });
    expect(warnings).toEqual([]);
  });

  it('omits generationConfig when nothing is set', () => {
    expect(buildGoogleRequest({ prompt }).body.generationConfig).toBeUndefined();
  });

  it('asks for JSON natively with a converted response schema', () => {
    const { body } = buildGoogleRequest({
      prompt,
      responseFormat: {
        type: 'json',
        schema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false },
      },
    });
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'integer' } } },
    });
  });

  it('maps tools and every tool choice', () => {
    const tools: CallOptions['tools'] = [
      {
        type: 'function',
        name: 'get_weather',
        description: 'Weather',
        inputSchema: {
          type: 'object',
          properties: { city: { type: 'string' } },
          additionalProperties: false,
        },
      },
      { type: 'function', name: 'now', inputSchema: { type: 'object', properties: {} } },
    ];
    const { body } = buildGoogleRequest({ prompt, tools });
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
          },
          { name: 'now' },
        ],
      },
    ]);
    const config = (toolChoice: CallOptions['toolChoice']) =>
      buildGoogleRequest({ prompt, tools, toolChoice }).body.toolConfig;
    expect(config(undefined)).toBeUndefined();
    expect(config({ type: 'auto' })).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(config({ type: 'none' })).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(config({ type: 'required' })).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(config({ type: 'tool', toolName: 'now' })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['now'] },
    });
  });

  it('warns about settings Gemini cannot take and merges providerOptions.google', () => {
    const { body, warnings } = buildGoogleRequest({
      prompt,
      user: 'u1',
      toolChoice: { type: 'none' },
      providerOptions: { google: { safetySettings: [] }, anthropic: { x: 1 } },
    });
    expect(warnings.map((warning) => warning.setting)).toEqual(['toolChoice', 'user']);
    expect(body.safetySettings).toEqual([]);
    expect(body.x).toBeUndefined();
  });
});

describe('buildGoogleRequest: extended settings', () => {
  it('maps topK, penalties, logprobs and the thinking budget; reports what Gemini lacks', () => {
    const { body, warnings } = buildGoogleRequest({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'x', cacheControl: { type: 'ephemeral' } }] }],
      topK: 3,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      logprobs: true,
      topLogprobs: 2,
      thinking: { type: 'enabled', budgetTokens: 1024 },
      logitBias: { '1': 1 },
      reasoningEffort: 'low',
    });
    expect(body.generationConfig).toMatchObject({
      topK: 3,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      responseLogprobs: true,
      logprobs: 2,
      thinkingConfig: { thinkingBudget: 1024 },
    });
    expect(warnings.map((warning) => warning.setting)).toEqual([
      'logitBias',
      'reasoningEffort',
      'cacheControl',
    ]);
  });
});
