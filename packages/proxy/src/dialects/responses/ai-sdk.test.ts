import { createOpenAI } from '@ai-sdk/openai';
import { type GenerateResult, type StreamPart, usd } from '@tokenwise/spec';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DoorCall } from '../shared/door-call.js';
import { parseResponsesRequest } from './parse-request.js';
import { createResponseItemCache, type ResponseItemCache } from './response-item-cache.js';
import { createResponsesStreamEncoder } from './stream-encoder.js';
import { toCall } from './to-call.js';
import { toResponseObject } from './to-response-object.js';
import { toResponsesError } from './to-responses-error.js';

function door(
  answer: (call: DoorCall, stream: boolean) => GenerateResult | StreamPart[],
  items?: ResponseItemCache,
) {
  const bodies: unknown[] = [];
  const calls: DoorCall[] = [];
  const fetch = async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    try {
      const body: unknown = JSON.parse(String(init?.body));
      bodies.push(body);
      const request = parseResponsesRequest(body);
      const call = toCall(request, items === undefined ? {} : { items });
      calls.push(call);
      const context = { id: `resp_${calls.length}`, createdAt: 1_700_000_000, model: call.model, request };
      const scripted = answer(call, call.stream);
      if (!Array.isArray(scripted)) {
        const response = toResponseObject(scripted, { ...context, cost: usd('0.0001') });
        items?.remember(response.output);
        return Response.json(response);
      }
      const encoder = createResponsesStreamEncoder(context);
      let text = encoder.start();
      for (const part of scripted)
        text += part.type === 'finish' ? encoder.finish(part, usd('0.0001')) : encoder.part(part);
      return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
    } catch (error) {
      const mapped = toResponsesError(error);
      return Response.json(mapped.toBody(), { status: mapped.status });
    }
  };
  const provider = createOpenAI({ apiKey: 'sk-proxy', baseURL: 'http://proxy.test/v1', fetch });
  return { provider, calls, bodies };
}

const usage = { inputTokens: 9, outputTokens: 3 };
const weather = tool({
  description: 'Weather by city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `18°C in ${city}`,
});

function answer(call: DoorCall): GenerateResult {
  const answered = call.options.prompt.some((message) => message.role === 'tool');
  return answered
    ? {
        content: [{ type: 'text', text: 'It is 18°C.' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage,
        warnings: [],
      }
    : {
        content: [
          { type: 'tool-call', toolCallId: 'call_5', toolName: 'weather', input: '{"city":"Paris"}' },
        ],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        warnings: [],
      };
}

describe('Vercel AI SDK (default provider = Responses API) against the Responses door', () => {
  it('generateText runs a two-step tool loop when store is off', async () => {
    const { provider, calls } = door((call) => answer(call));
    const result = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Weather in Paris?',
      tools: { weather },
      stopWhen: stepCountIs(3),
      providerOptions: { openai: { store: false } },
    });
    expect(result.text).toBe('It is 18°C.');
    expect(calls).toHaveLength(2);
    expect(calls[1]?.options.prompt.at(-1)).toMatchObject({
      role: 'tool',
      content: [{ toolCallId: 'call_5', toolName: 'weather' }],
    });
    expect(result.totalUsage.inputTokens).toBe(18);
  });

  it('streamText streams text deltas and finishes with usage', async () => {
    const { provider } = door(() => [
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
    ]);
    const result = streamText({ model: provider('gpt-4.1'), prompt: 'Hi' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('Hello');
    expect((await result.usage).outputTokens).toBe(3);
    expect(await result.finishReason).toBe('stop');
  });

  const textThenTool = (call: DoorCall): GenerateResult => {
    const result = answer(call);
    // a first step that says something before calling the tool: the SDK then refers to that message by id
    return call.options.prompt.some((message) => message.role === 'tool')
      ? result
      : { ...result, content: [{ type: 'text', text: 'Let me check.' }, ...result.content] };
  };

  it('with the SDK default (store on), earlier text comes back as item_reference, resolved from the item cache', async () => {
    const { provider, bodies, calls } = door(textThenTool, createResponseItemCache());
    const result = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Weather in Paris?',
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    expect(JSON.stringify(bodies[1])).toContain('item_reference');
    expect(result.text).toBe('It is 18°C.');
    expect(calls[1]?.options.prompt[1]).toMatchObject({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me check.' },
        { type: 'tool-call', toolCallId: 'call_5' },
      ],
    });
  });

  it('an item_reference the proxy does not hold gets a 400 that says how to avoid it', async () => {
    const { provider } = door(textThenTool);
    const error = await generateText({
      model: provider('gpt-4.1'),
      prompt: 'Weather in Paris?',
      tools: { weather },
      stopWhen: stepCountIs(3),
    }).then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).toContain('item_reference');
    expect(error?.message).toContain('store: false');
  });
});
