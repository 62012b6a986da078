import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { chatCompletionRequestSchema } from './request-schema.js';
import { toCallOptions } from './to-call-options.js';

describe('chat completions: fields beyond the core ones', () => {
  it('keeps every standard field: typed settings, and OpenAI-only ones as providerOptions', () => {
    const request = v.parse(chatCompletionRequestSchema, {
      model: 'openai/o3',
      messages: [{ role: 'user', content: 'hi' }],
      presence_penalty: 0.5,
      frequency_penalty: -1,
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 2,
      parallel_tool_calls: false,
      reasoning_effort: 'high',
      store: false,
      metadata: { team: 'a' },
      service_tier: 'flex',
      prediction: { type: 'content', content: 'draft' },
      modalities: ['text'],
    });
    const options = toCallOptions(request);
    expect(options).toMatchObject({
      presencePenalty: 0.5,
      frequencyPenalty: -1,
      logitBias: { '50256': -100 },
      logprobs: true,
      topLogprobs: 2,
      parallelToolCalls: false,
      reasoningEffort: 'high',
    });
    const vendorOnly = {
      store: false,
      metadata: { team: 'a' },
      service_tier: 'flex',
      prediction: { type: 'content', content: 'draft' },
      modalities: ['text'],
    };
    expect(options.providerOptions).toEqual({ openai: vendorOnly, openrouter: vendorOnly });
  });

  it('refuses an out-of-range penalty', () => {
    const result = v.safeParse(chatCompletionRequestSchema, {
      messages: [{ role: 'user', content: 'hi' }],
      presence_penalty: 3,
    });
    expect(result.success).toBe(false);
  });
});
