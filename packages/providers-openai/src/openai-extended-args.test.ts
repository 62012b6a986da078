import type { CallOptions, Prompt } from '@tokenwise/spec';
import { createOpenAIMockUpstream, openaiError, openaiText } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

const apiKey = 'sk-proj-TEST-openai-key-0123456789';
const prompt: Prompt = [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }];
const tools: CallOptions['tools'] = [{ type: 'function', name: 'lookup', inputSchema: { type: 'object' } }];

async function sent(modelId: string, options: Omit<CallOptions, 'prompt'>, baseURL?: string) {
  const upstream = createOpenAIMockUpstream();
  upstream.enqueue(openaiText('ok'));
  const provider = createOpenAI({ apiKey, fetch: upstream.fetch, ...(baseURL ? { baseURL } : {}) });
  const result = await provider(modelId).doGenerate({ prompt, ...options });
  return {
    body: upstream.calls[0]?.bodyJson as Record<string, unknown>,
    dropped: result.warnings.map((warning) => warning.setting),
  };
}

describe('OpenAI chat: extended settings in the outgoing body', () => {
  it('passes penalties, logit_bias, logprobs and parallel_tool_calls to a chat model', async () => {
    const { body, dropped } = await sent('gpt-4.1-mini', {
      presencePenalty: 0.5,
      frequencyPenalty: -0.25,
      logitBias: { '50256': -100 },
      logprobs: true,
      topLogprobs: 3,
      parallelToolCalls: false,
      tools,
    });
    expect(body).toMatchObject({
      presence_penalty: 0.5,
      frequency_penalty: -0.25,
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 3,
      parallel_tool_calls: false,
    });
    expect(dropped).toEqual([]);
  });

  it('drops reasoning_effort, top_k and thinking for a chat model and says so', async () => {
    const { body, dropped } = await sent('gpt-4.1', {
      reasoningEffort: 'high',
      topK: 5,
      thinking: { type: 'enabled', budgetTokens: 2048 },
      parallelToolCalls: true,
    });
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(body).not.toHaveProperty('top_k');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    expect(dropped).toEqual(['parallelToolCalls', 'reasoningEffort', 'topK', 'thinking']);
  });

  it('follows the model, not the base URL: o3 behind a gateway still gets reasoning rules', async () => {
    const { body, dropped } = await sent(
      'o3',
      { maxOutputTokens: 500, reasoningEffort: 'low', temperature: 0.2, presencePenalty: 1 },
      'https://gateway.internal.example/v1',
    );
    expect(body).toMatchObject({ model: 'o3', max_completion_tokens: 500, reasoning_effort: 'low' });
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('presence_penalty');
    expect(dropped).toEqual(['temperature', 'presencePenalty']);
  });

  it('keeps vendor-only fields from providerOptions (store, metadata, service_tier, prediction, modalities)', async () => {
    const openai = {
      store: false,
      metadata: { team: 'a' },
      service_tier: 'flex',
      prediction: { type: 'content', content: 'x' },
      modalities: ['text'],
    };
    const { body } = await sent('gpt-4.1', { providerOptions: { openai } });
    expect(body).toMatchObject(openai);
  });

  it('drops Anthropic-only prompt features with warnings and sends no thinking block', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(openaiText('ok'));
    const result = await createOpenAI({ apiKey, fetch: upstream.fetch })('gpt-4.1').doGenerate({
      prompt: [
        { role: 'system', content: 'sys', cacheControl: { type: 'ephemeral' } },
        { role: 'user', content: [{ type: 'text', text: 'q' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thought', signature: 'sig' },
            { type: 'text', text: 'a' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'q2' }] },
      ],
    });
    const body = upstream.calls[0]?.bodyJson as { messages: unknown[] };
    expect(JSON.stringify(body)).not.toContain('thought');
    expect(body.messages[2]).toEqual({ role: 'assistant', content: 'a' });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['cacheControl', 'reasoning']);
  });

  it('keeps the vendor reason of a 400 in the error message', async () => {
    const upstream = createOpenAIMockUpstream();
    upstream.enqueue(
      openaiError(400, "Unsupported parameter: 'max_tokens' is not supported with this model."),
    );
    const error = await createOpenAI({ apiKey, fetch: upstream.fetch })('o3')
      .doGenerate({ prompt })
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toContain("Unsupported parameter: 'max_tokens'");
  });
});
