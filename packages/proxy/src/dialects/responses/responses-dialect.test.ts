import { BudgetExceededError, type GenerateResult, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { OpenAIHttpError } from '../../errors/openai-http-error.js';
import { parseResponsesRequest } from './parse-request.js';
import { createResponsesStreamEncoder } from './stream-encoder.js';
import { toCall } from './to-call.js';
import { toResponseObject } from './to-response-object.js';
import { toResponsesError } from './to-responses-error.js';

function refused(body: unknown): OpenAIHttpError {
  try {
    toCall(parseResponsesRequest(body));
  } catch (error) {
    expect(error).toBeInstanceOf(OpenAIHttpError);
    expect((error as OpenAIHttpError).status).toBe(400);
    return error as OpenAIHttpError;
  }
  throw new Error('expected a refusal');
}

describe('Responses door: request', () => {
  it('takes a plain string input with instructions', () => {
    const call = toCall(parseResponsesRequest({ model: 'gpt-4.1', input: 'Hi', instructions: 'Be brief.' }));
    expect(call).toMatchObject({
      model: 'gpt-4.1',
      stream: false,
      requestedMaxOutputTokens: undefined,
      extension: {},
    });
    expect(call.options.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
  });

  it('turns items and settings into the engine call', () => {
    const call = toCall(
      parseResponsesRequest({
        model: 'tokenwise/cheapest',
        input: [
          { role: 'developer', content: 'sys' },
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'What is this?' },
              { type: 'input_image', image_url: 'https://example.com/a.png' },
            ],
          },
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'thought' }] },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
          { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":"a"}' },
          { type: 'function_call', call_id: 'call_2', name: 'lookup', arguments: '{"q":"b"}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'A' },
          { type: 'function_call_output', call_id: 'call_2', output: 'B' },
        ],
        tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object' }, strict: true }],
        tool_choice: { type: 'function', name: 'lookup' },
        max_output_tokens: 500,
        temperature: 0.3,
        top_p: 0.9,
        text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
        reasoning: { effort: 'low' },
        parallel_tool_calls: false,
        metadata: { team: 'a' },
        user: 'u-1',
        stream: true,
        store: false,
        tokenwise: { budget: '0.10' },
      }),
    );
    expect(call).toMatchObject({
      model: 'tokenwise/cheapest',
      stream: true,
      requestedMaxOutputTokens: 500,
      extension: { budget: '0.10' },
    });
    expect(call.options).toMatchObject({
      toolChoice: { type: 'tool', toolName: 'lookup' },
      temperature: 0.3,
      topP: 0.9,
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object' } },
      reasoningEffort: 'low',
      parallelToolCalls: false,
      user: 'u-1',
      providerOptions: { openai: { metadata: { team: 'a' } } },
    });
    expect(call.options.prompt.slice(1)).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', image: 'https://example.com/a.png' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'thought' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{"q":"a"}' },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'lookup', input: '{"q":"b"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'lookup', output: 'A' },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'lookup', output: 'B' },
        ],
      },
    ]);
  });

  it('refuses server-side state with a 400 that says so, never ignoring it', () => {
    expect(refused({ model: 'm', input: 'x', previous_response_id: 'resp_1' }).message).toContain(
      'keeps no server-side response state',
    );
    expect(refused({ model: 'm', input: 'x', store: true }).param).toBe('store');
  });

  it('names a built-in tool type, an unknown item type and a bad field', () => {
    expect(refused({ model: 'm', input: 'x', tools: [{ type: 'web_search_preview' }] }).message).toContain(
      'web_search_preview',
    );
    expect(refused({ model: 'm', input: [{ type: 'item_reference', id: 'msg_1' }] }).message).toContain(
      'item_reference',
    );
    expect(
      refused({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] })
        .param,
    ).toBe('input[0].content[0].type');
    expect(refused({ model: 'm', input: 'x', max_output_tokens: 0 }).param).toBe('max_output_tokens');
  });

  it('refuses a function_call_output that answers no call', () => {
    expect(
      refused({ model: 'm', input: [{ type: 'function_call_output', call_id: 'c', output: 'x' }] }).message,
    ).toContain('no earlier function_call');
  });
});

describe('Responses door: response object, stream, errors', () => {
  const request = parseResponsesRequest({ model: 'gpt-4.1', input: 'Hi', max_output_tokens: 5 });
  const context = { id: 'resp_1', createdAt: 1_700_000_000, model: 'gpt-4.1', request };

  it('marks an answer cut by max_output_tokens incomplete and carries usage with cost', () => {
    const result: GenerateResult = {
      content: [
        { type: 'text', text: 'Hello' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'f', input: '{}' },
      ],
      finishReason: { unified: 'length', raw: 'length' },
      usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 4, reasoningTokens: 1 },
      warnings: [],
    };
    const response = toResponseObject(result, { ...context, cost: usd('0.00002') });
    expect(response).toMatchObject({
      id: 'resp_1',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      model: 'gpt-4.1',
      max_output_tokens: 5,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Hello' }],
        },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}', status: 'completed' },
      ],
      usage: {
        input_tokens: 10,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 1 },
        total_tokens: 15,
        cost: 0.00002,
      },
    });
  });

  it('streams the documented event order with increasing sequence numbers', () => {
    const encoder = createResponsesStreamEncoder(context);
    const text = [
      encoder.start(),
      encoder.part({ type: 'text-delta', delta: 'He' }),
      encoder.part({ type: 'text-delta', delta: 'llo' }),
      encoder.part({
        type: 'tool-call-delta',
        index: 0,
        toolCallId: 'c1',
        toolName: 'f',
        inputDelta: '{"a":',
      }),
      encoder.part({ type: 'tool-call', toolCallId: 'c1', toolName: 'f', input: '{"a":1}' }),
      encoder.finish(
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage: { inputTokens: 3, outputTokens: 4 },
        },
        usd('0.001'),
      ),
    ].join('');
    const events = [...text.matchAll(/^data: (.*)$/gm)].map(
      (match) => JSON.parse(match[1] ?? '{}') as { type: string; sequence_number: number },
    );
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(text).toContain('"arguments":"{\\"a\\":1}"');
    expect(text).toContain('"cost":0.001');
  });

  it('ends a stream that fails after the first byte with response.failed', () => {
    const encoder = createResponsesStreamEncoder(context);
    const text =
      encoder.start() +
      encoder.part({ type: 'text-delta', delta: 'partial' }) +
      encoder.error(toResponsesError(new Error('cut')).toBody());
    expect(text).toContain('event: response.output_item.done');
    expect(text.trimEnd().split('\n\n').at(-1)).toContain('"type":"response.failed"');
    expect(text).toContain('"status":"failed"');
  });

  it('maps a budget refusal to 402 budget_exceeded in OpenAI shape', () => {
    const error = toResponsesError(
      new BudgetExceededError({ message: 'over', required: usd('1'), remaining: usd('0.1') }),
    );
    expect(error.status).toBe(402);
    expect(error.toBody().error.code).toBe('budget_exceeded');
  });
});
