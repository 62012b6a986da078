import { BudgetExceededError, type GenerateResult, type StreamPart, usd } from '@tokenwise/spec';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { DoorCall } from '../shared/door-call.js';
import { parseResponsesRequest } from './parse-request.js';
import { createResponsesStreamEncoder } from './stream-encoder.js';
import { toCall } from './to-call.js';
import { toResponseObject } from './to-response-object.js';
import { toResponsesError } from './to-responses-error.js';

type Answer = { result: GenerateResult } | { parts: StreamPart[]; failAfter?: boolean } | { error: unknown };

/**
 * A fetch that plays the Responses door over a scripted engine: the SDK's real request goes through the door's
 * schema and `toCall`, the scripted answer through the door's encoders, back to the SDK's real parsers.
 */
function door(answer: (call: DoorCall) => Answer) {
  const calls: DoorCall[] = [];
  const fetch = async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    try {
      const request = parseResponsesRequest(JSON.parse(String(init?.body)));
      const call = toCall(request);
      calls.push(call);
      const scripted = answer(call);
      if ('error' in scripted) throw scripted.error;
      const context = { id: `resp_${calls.length}`, createdAt: 1_700_000_000, model: call.model, request };
      if ('result' in scripted)
        return Response.json(toResponseObject(scripted.result, { ...context, cost: usd('0.0001') }));
      const encoder = createResponsesStreamEncoder(context);
      let text = encoder.start();
      for (const part of scripted.parts) {
        text += part.type === 'finish' ? encoder.finish(part, usd('0.0002')) : encoder.part(part);
      }
      if (scripted.failAfter === true)
        text += encoder.error(toResponsesError(new Error('upstream cut')).toBody());
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    } catch (error) {
      const mapped = toResponsesError(error);
      return Response.json(mapped.toBody(), { status: mapped.status });
    }
  };
  return {
    client: new OpenAI({ apiKey: 'sk-proxy', baseURL: 'http://proxy.test/v1', fetch, maxRetries: 0 }),
    calls,
  };
}

const usage = { inputTokens: 9, outputTokens: 3 };
const tools: OpenAI.Responses.Tool[] = [
  {
    type: 'function',
    name: 'weather',
    description: 'By city',
    parameters: { type: 'object', properties: { city: { type: 'string' } } },
    strict: false,
  },
];

describe('openai SDK against the Responses door', () => {
  it('responses.create reads text, output_text, status and usage', async () => {
    const { client, calls } = door(() => ({
      result: {
        content: [{ type: 'text', text: 'Hello!' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      },
    }));
    const response = await client.responses.create({
      model: 'gpt-4.1-mini',
      input: 'Hi',
      instructions: 'Be brief.',
    });
    expect(response.output_text).toBe('Hello!');
    expect(response.status).toBe('completed');
    expect(response.usage).toMatchObject({ input_tokens: 9, output_tokens: 3, total_tokens: 12 });
    expect(calls[0]?.options.prompt[0]).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('completes a function-call round trip by sending the output items back', async () => {
    const { client, calls } = door((call) =>
      call.options.prompt.some((message) => message.role === 'tool')
        ? {
            result: {
              content: [{ type: 'text', text: 'It is 18°C.' }],
              finishReason: { unified: 'stop', raw: 'stop' },
              usage,
              warnings: [],
            },
          }
        : {
            result: {
              content: [
                { type: 'tool-call', toolCallId: 'call_9', toolName: 'weather', input: '{"city":"Paris"}' },
              ],
              finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
              usage,
              warnings: [],
            },
          },
    );
    const first = await client.responses.create({ model: 'gpt-4.1', input: 'Weather in Paris?', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ call_id: 'call_9', name: 'weather', arguments: '{"city":"Paris"}' });
    const second = await client.responses.create({
      model: 'gpt-4.1',
      tools,
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...first.output,
        { type: 'function_call_output', call_id: 'call_9', output: '18°C' },
      ] as OpenAI.Responses.ResponseInput,
    });
    expect(second.output_text).toBe('It is 18°C.');
    expect(calls[1]?.options.prompt.at(-1)).toEqual({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'call_9', toolName: 'weather', output: '18°C' }],
    });
  });

  it('responses.stream gives text deltas and a final response with the function call and usage', async () => {
    const { client } = door(() => ({
      parts: [
        { type: 'stream-start', warnings: [] },
        { type: 'reasoning-delta', delta: 'think' },
        { type: 'text-delta', delta: 'Checking ' },
        { type: 'text-delta', delta: 'Oslo.' },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_3',
          toolName: 'weather',
          inputDelta: '{"city":',
        },
        {
          type: 'tool-call-delta',
          index: 0,
          toolCallId: 'call_3',
          toolName: 'weather',
          inputDelta: '"Oslo"}',
        },
        { type: 'tool-call', toolCallId: 'call_3', toolName: 'weather', input: '{"city":"Oslo"}' },
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage: { inputTokens: 20, outputTokens: 8, reasoningTokens: 2 },
        },
      ],
    }));
    const stream = client.responses.stream({ model: 'gpt-4.1', input: 'Weather in Oslo?', tools });
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(deltas.join('')).toBe('Checking Oslo.');
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe('Checking Oslo.');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output[2]).toMatchObject({
      call_id: 'call_3',
      arguments: '{"city":"Oslo"}',
      status: 'completed',
    });
    expect(final.usage).toMatchObject({
      input_tokens: 20,
      output_tokens: 8,
      output_tokens_details: { reasoning_tokens: 2 },
    });
  });

  it('responses.create with stream: true yields typed events in order, ending in response.incomplete when cut by length', async () => {
    const { client } = door(() => ({
      parts: [
        { type: 'text-delta', delta: 'abc' },
        { type: 'finish', finishReason: { unified: 'length', raw: 'length' }, usage },
      ],
    }));
    const stream = await client.responses.create({
      model: 'gpt-4.1',
      input: 'x',
      stream: true,
      max_output_tokens: 3,
    });
    const types: string[] = [];
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      last = event;
    }
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.incomplete');
    expect(last?.type === 'response.incomplete' && last.response.incomplete_details).toEqual({
      reason: 'max_output_tokens',
    });
  });

  it('a failure after the first byte reaches the SDK as response.failed, not a silent cut', async () => {
    const { client } = door(() => ({ parts: [{ type: 'text-delta', delta: 'par' }], failAfter: true }));
    const stream = client.responses.stream({ model: 'gpt-4.1', input: 'x' });
    const final = await stream.finalResponse();
    expect(final.status).toBe('failed');
    expect(final.error?.message).toContain('Internal proxy error');
  });

  it('store: true and a budget refusal come back as OpenAI errors', async () => {
    const refusing = door(() => ({
      error: new BudgetExceededError({ message: 'over', required: usd('1'), remaining: usd('0') }),
    }));
    const budget = await refusing.client.responses.create({ model: 'gpt-4.1', input: 'x' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(budget).toBeInstanceOf(OpenAI.APIError);
    expect((budget as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    expect((budget as InstanceType<typeof OpenAI.APIError>).code).toBe('budget_exceeded');

    const stateful = await refusing.client.responses
      .create({ model: 'gpt-4.1', input: 'x', store: true })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(stateful).toBeInstanceOf(OpenAI.BadRequestError);
    expect((stateful as Error).message).toContain('server-side');
  });
});
