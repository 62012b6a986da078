// biome-ignore-all lint/suspicious/noExplicitAny: response bodies are untyped JSON in these tests
import { assertRiskAcceptable, createBudget } from '@tokenwise/core';
import type { LedgerRecord } from '@tokenwise/ledger';
import { LoadApiKeyError, type Message, toUsdNumber, usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import {
  createScriptedModel,
  fixtureDeps,
  type Reply,
  upstreamError,
} from './__fixtures__/proxy-fixtures.js';
import { createProxyApp } from './create-proxy-app.js';

const MINI = 'openai/gpt-4.1-mini';
const FLASH = 'google/gemini-2.5-flash';
const GPT41 = 'openai/gpt-4.1';
const SONNET = 'anthropic/claude-sonnet-4.5';

function setup(replies: Record<string, Reply[]> = {}, overrides = {}) {
  const models = Object.fromEntries(
    [MINI, FLASH, GPT41, SONNET, 'openai/o3'].map((id) => [
      id,
      createScriptedModel(id, replies[id] ?? [{ text: `Hi from ${id}` }]),
    ]),
  );
  const fixture = fixtureDeps(models, overrides);
  const app = createProxyApp(fixture.deps);
  const postRaw = (body: unknown, headers: Record<string, string> = {}) =>
    app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  // Ledger writes happen after the response; flushing makes a non-streamed request's records visible.
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await postRaw(body, headers);
    await app.flushLedger();
    return res;
  };
  const flush = () => app.flushLedger();
  return { app, models, post, postRaw, flush, ...fixture, ledger: fixture.records };
}

const hello = { messages: [{ role: 'user', content: 'Hello' }] };

async function sseEvents(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length));
}

describe('GET /health and /v1/models', () => {
  it('reports status and version', async () => {
    const { app } = setup();
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0' });
  });

  it('lists the catalog sorted by input price plus the virtual models', async () => {
    const { app } = setup();
    const res = await app.request('/v1/models');
    const body = (await res.json()) as { object: string; data: Array<{ id: string; owned_by: string }> };
    expect(body.object).toBe('list');
    const ids = body.data.map((m) => m.id);
    expect(ids.slice(0, 4)).toEqual([
      'auto',
      'tokenwise/cheapest',
      'tokenwise/balanced',
      'tokenwise/best_quality',
    ]);
    expect(ids.slice(4, 6)).toEqual([FLASH, MINI]);
    expect(body.data.find((m) => m.id === MINI)?.owned_by).toBe('openai');
  });

  it('retrieves one model, virtual or catalog, and 404s an unknown one', async () => {
    const { app } = setup();
    expect(await (await app.request(`/v1/models/${MINI}`)).json()).toEqual({
      id: MINI,
      object: 'model',
      created: 0,
      owned_by: 'openai',
    });
    expect(((await (await app.request('/v1/models/tokenwise/cheapest')).json()) as any).owned_by).toBe(
      'tokenwise',
    );
    const missing = await app.request('/v1/models/nope/x');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe('model_not_found');
  });
});

describe('POST /v1/chat/completions (non-streaming)', () => {
  it('routes auto requests and answers with cost, headers and trace', async () => {
    const { post, ledger } = setup();
    const res = await post({ model: 'auto', ...hello });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe(GPT41);
    expect(body.choices[0].message).toEqual({
      role: 'assistant',
      content: `Hi from ${GPT41}`,
      refusal: null,
    });
    expect(body.choices[0].finish_reason).toBe('stop');
    // 12 input tokens × $2/M + 5 output tokens × $8/M = $0.000064
    expect(body.usage).toEqual({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, cost: 0.000064 });
    expect(res.headers.get('x-tokenwise-cost')).toBe('0.000064');
    expect(res.headers.get('x-tokenwise-model')).toBe(GPT41);
    const requestId = res.headers.get('x-tokenwise-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    expect(body.tokenwise_trace).toMatchObject({
      request_id: requestId,
      termination_state: 'completed',
      initial_model: GPT41,
      final_model: GPT41,
      models_tried: [GPT41],
      strategy: 'balanced',
    });
    expect(ledger.map((r) => [r.kind, r.outcome, r.modelId, r.cost])).toEqual([
      ['attempt', 'ok', GPT41, usd('0.000064')],
      ['request', 'ok', GPT41, usd('0.000064')],
    ]);
  });

  it('passes an explicit catalog model through without a trace', async () => {
    const { post, models } = setup();
    const res = await post({ model: MINI, ...hello });
    const body = (await res.json()) as Record<string, any>;
    expect(body.model).toBe(MINI);
    expect(body.tokenwise_trace).toBeUndefined();
    expect(models[MINI]!.calls).toHaveLength(1);
  });

  it('accepts unknown fields and forwards every OpenAI field it knows', async () => {
    const { post, models } = setup();
    const res = await post({
      model: MINI,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'https://x.test/a.png' } },
          ],
        },
      ],
      some_unknown_field: { nested: true },
      top_p: 0.5,
      temperature: 0.2,
      seed: 7,
      stop: 'END',
      user: 'u-1',
      max_completion_tokens: 100,
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
    });
    expect(res.status).toBe(200);
    const options = models[MINI]!.calls[0]!;
    expect(options).toMatchObject({
      topP: 0.5,
      temperature: 0.2,
      seed: 7,
      stopSequences: ['END'],
      user: 'u-1',
      maxOutputTokens: 100,
      tools: [{ type: 'function', name: 'lookup', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'tool', toolName: 'lookup' },
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object' } },
    });
    expect(options.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', image: 'https://x.test/a.png' },
        ],
      },
    ]);
  });

  it('returns tool calls as the upstream produced them', async () => {
    const { post } = setup({
      [MINI]: [{ toolCalls: [{ id: 'call_1', name: 'lookup', input: '{"q":"x"}' }] }],
    });
    const res = await post({ model: MINI, ...hello });
    const body = (await res.json()) as Record<string, any>;
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    expect(body.choices[0].message.content).toBeNull();
    expect(body.choices[0].message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } },
    ]);
  });

  it('maps tool results back to the tool name of the earlier call', async () => {
    const { post, models } = setup();
    await post({
      model: MINI,
      messages: [
        { role: 'user', content: 'Look it up' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '42' },
      ],
    });
    expect(models[MINI]!.calls[0]!.prompt[2]).toEqual({
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'lookup', output: '42' }],
    });
  });

  it('picks the strategy from tokenwise/<strategy>, the body and the headers', async () => {
    const { post, router } = setup();
    expect(((await (await post({ model: 'tokenwise/cheapest', ...hello })).json()) as any).model).toBe(MINI);
    expect(
      (
        (await (
          await post({ model: 'auto', tokenwise: { strategy: 'best_quality' }, ...hello })
        ).json()) as any
      ).model,
    ).toBe('openai/o3');
    expect(
      (
        (await (
          await post({ model: 'auto', ...hello }, { 'x-tokenwise-strategy': 'cheapest' })
        ).json()) as any
      ).model,
    ).toBe(MINI);
    expect(router.calls.map((c) => c.strategy)).toEqual(['cheapest', 'best_quality', 'cheapest']);
  });

  it('routes on the whole conversation, not only the last message', async () => {
    const { post, deps } = setup();
    const seen: unknown[] = [];
    const route = deps.router.route.bind(deps.router);
    deps.router.route = (input, options) => {
      seen.push(input);
      return route(input, options);
    };
    await post({
      messages: [
        { role: 'system', content: 'You write Rust.' },
        { role: 'user', content: 'First' },
        { role: 'assistant', content: 'Ok' },
        { role: 'user', content: 'Second' },
      ],
    });
    expect((seen[0] as unknown[]).length).toBe(4);
  });
});

describe('prepare', () => {
  it('is awaited before a /v1 request after the key check, and not awaited once it returns undefined', async () => {
    const events: string[] = [];
    let ready = false;
    const prepare = () => {
      events.push('prepare');
      if (ready) return undefined;
      return new Promise<void>((resolve) =>
        setTimeout(() => {
          ready = true;
          events.push('ready');
          resolve();
        }, 5),
      );
    };
    const { app, post } = setup({}, { apiKeys: ['sk-proxy-1'], prepare });
    expect((await post(hello)).status).toBe(401);
    expect((await app.request('/health')).status).toBe(200);
    expect(events).toEqual([]);
    const auth = { authorization: 'Bearer sk-proxy-1' };
    const first = await post(hello, auth);
    events.push('answered');
    expect(first.status).toBe(200);
    expect((await post(hello, auth)).status).toBe(200);
    expect(events).toEqual(['prepare', 'ready', 'answered', 'prepare']);
  });
});

describe('errors in OpenAI shape', () => {
  it('400 with the precise param for an invalid body', async () => {
    const { post } = setup();
    const res = await post({ model: 'auto', messages: [{ role: 'user', content: 42 }] });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-tokenwise-request-id')).toMatch(/^[0-9a-f]{24}$/);
    const body = (await res.json()) as any;
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'messages[0].content' });
    expect(body.error.message).toContain('messages[0].content');
  });

  it('400 when messages are missing, and for malformed JSON', async () => {
    const { post } = setup();
    const missing = (await (await post({ model: 'auto' })).json()) as any;
    expect(missing.error.param).toBe('messages');
    const res = await post('{"model":');
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('invalid_json');
  });

  it('400 for an invalid strategy header or budget', async () => {
    const { post } = setup();
    const res = await post(hello, { 'x-tokenwise-strategy': 'fastest' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.param).toBe('x-tokenwise-strategy');
    const budget = await post(hello, { 'x-tokenwise-budget': 'lots' });
    expect(((await budget.json()) as any).error.param).toBe('x-tokenwise-budget');
  });

  it('404 model_not_found for an unknown id or virtual model', async () => {
    const { post, ledger } = setup();
    for (const model of ['nope/model', 'tokenwise/fastest']) {
      const res = await post({ model, ...hello });
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error).toMatchObject({ code: 'model_not_found', param: 'model' });
    }
    expect(ledger.filter((r) => r.kind === 'request').map((r) => r.outcome)).toEqual(['refused', 'refused']);
    expect(ledger[0]!.requestId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('401 without or with a wrong key; /health stays open', async () => {
    const { app, post } = setup({}, { apiKeys: ['sk-proxy-1', 'sk-proxy-2'] });
    expect((await post(hello)).status).toBe(401);
    const wrong = await post(hello, { authorization: 'Bearer sk-proxy-3' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.type).toBe('authentication_error');
    expect((await post(hello, { authorization: 'Bearer sk-proxy-2' })).status).toBe(200);
    expect((await app.request('/v1/models')).status).toBe(401);
    expect((await app.request('/health')).status).toBe(200);
  });

  it('401 replies carry x-tokenwise-request-id like every other reply (issue #17.13)', async () => {
    const { post, app } = setup({}, { apiKeys: ['sk-proxy-1'] });
    const missing = await post(hello);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('x-tokenwise-request-id')).toMatch(/^[0-9a-f]{24}$/);
    const models = await app.request('/v1/models');
    expect(models.headers.get('x-tokenwise-request-id')).toMatch(/^[0-9a-f]{24}$/);
    expect(models.headers.get('x-tokenwise-request-id')).not.toBe(
      missing.headers.get('x-tokenwise-request-id'),
    );
  });

  it('405 with Allow: POST for another method on the chat endpoint, 404 elsewhere (issue #17.13)', async () => {
    const { app } = setup();
    const get = await app.request('/v1/chat/completions');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as any).error).toMatchObject({ code: 'method_not_allowed' });
    expect((await app.request('/v1/chat/completions', { method: 'DELETE' })).status).toBe(405);
    expect((await app.request('/v1/nothing')).status).toBe(404);
  });

  it('413 for a body over the limit, declared or streamed', async () => {
    const { post, app, models } = setup({}, { maxBodyBytes: 200 });
    const big = { model: MINI, messages: [{ role: 'user', content: 'x'.repeat(500) }] };
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('request_too_large');
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        controller.close();
      },
    });
    const streamed = await app.request('/v1/chat/completions', {
      method: 'POST',
      body: chunked,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(models[MINI]!.calls).toHaveLength(0);
  });

  it('keeps the status class of upstream errors and redacts the vendor message', async () => {
    const { post } = setup({ [MINI]: [{ error: upstreamError(429) }] });
    const res = await post({ model: MINI, ...hello });
    expect(res.status).toBe(429);
    const text = await res.text();
    expect(text).not.toContain('sk-live');
    expect(text).not.toContain('example.com');
    expect(text).not.toContain('vendor secret');
    expect(JSON.parse(text).error).toMatchObject({ type: 'rate_limit_error', code: 'upstream_rate_limited' });
    const { post: post500 } = setup({ [MINI]: [{ error: upstreamError(500) }] });
    expect((await post500({ model: MINI, ...hello })).status).toBe(502);
    const { post: post400 } = setup({ [MINI]: [{ error: upstreamError(400) }] });
    expect((await post400({ model: MINI, ...hello })).status).toBe(400);
  });

  it('422 from the risk gate before any model is called', async () => {
    const { post, models } = setup(
      {},
      {
        checkRequest: (prompt: Message[]) => {
          const last = prompt.at(-1);
          const text =
            last?.role === 'user' ? last.content.map((p) => (p.type === 'text' ? p.text : '')).join('') : '';
          assertRiskAcceptable(text, { enabled: true });
        },
      },
    );
    const res = await post({
      model: 'auto',
      messages: [{ role: 'user', content: 'delete the production database' }],
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.error.code).toBe('risk_gate_blocked');
    expect(body.error.message.toLowerCase()).toContain('risk gate');
    expect(Object.values(models).every((m) => m.calls.length === 0)).toBe(true);
    expect((await post({ model: MINI, ...hello })).status).toBe(200);
  });

  it('500 without a stack for an unexpected failure', async () => {
    const { post } = setup({ [MINI]: [{ error: new TypeError('boom at /secret/path.ts:1') }] });
    const res = await post({ model: MINI, ...hello });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('boom');
    expect(JSON.parse(text).error.code).toBe('internal_error');
  });
});

describe('budgets', () => {
  it('402 budget_exceeded before any upstream call when the budget cannot pay', async () => {
    const { post, models, ledger } = setup();
    const res = await post({ model: SONNET, tokenwise: { budget: 0.0000001 }, ...hello });
    expect(res.status).toBe(402);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'budget_exceeded' });
    expect(models[SONNET]!.calls).toHaveLength(0);
    expect(ledger.map((r) => [r.kind, r.outcome])).toEqual([['request', 'refused']]);
  });

  it('402 when routing finds nothing within the budget', async () => {
    const { post, models } = setup();
    const res = await post({ ...hello }, { 'x-tokenwise-budget': '0.0000000001' });
    expect(res.status).toBe(402);
    expect(Object.values(models).every((m) => m.calls.length === 0)).toBe(true);
    // HTTP words, not library options (issue #17.12)
    const message = ((await res.json()) as any).error.message as string;
    expect(message).toContain('x-tokenwise-budget');
    expect(message).not.toMatch(/budgetStrict|minTier|allowBatch|allowFree|--budget/);
  });

  it('clamps max_tokens to what the budget can pay for', async () => {
    const { post, models } = setup();
    // Sonnet: $15/M output. $0.003 pays for 200 output tokens minus the input.
    const res = await post({ model: SONNET, max_tokens: 5000, tokenwise: { budget: '0.003' }, ...hello });
    expect(res.status).toBe(200);
    const sent = models[SONNET]!.calls[0]!.maxOutputTokens!;
    expect(sent).toBeLessThan(200);
    expect(sent).toBeGreaterThan(180);
    // The clamp is visible to the client.
    expect(res.headers.get('x-tokenwise-max-tokens')).toBe(String(sent));
  });

  it('400 context_length_exceeded when the prompt cannot fit the model', async () => {
    const { post, models } = setup();
    const res = await post({ model: MINI, messages: [{ role: 'user', content: 'word '.repeat(130_000) }] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('context_length_exceeded');
    expect(models[MINI]!.calls).toHaveLength(0);
  });

  it('reserves the default output (not the model maximum) when the client sets no max_tokens', async () => {
    const { post, models } = setup({}, { defaultBudget: usd(10) });
    await post({ model: MINI, ...hello });
    expect(models[MINI]!.calls[0]!.maxOutputTokens).toBe(4_096);
    const custom = setup({}, { defaultBudget: usd(10), defaultMaxOutputTokens: 1_000 });
    await custom.post({ model: MINI, ...hello });
    expect(custom.models[MINI]!.calls[0]!.maxOutputTokens).toBe(1_000);
  });

  it('draws every request from the process budget and settles to the actual cost', async () => {
    const processBudget = createBudget({ limit: usd('0.001') });
    const { post } = setup({}, { processBudget });
    const res = await post({ model: MINI, ...hello });
    expect(res.status).toBe(200);
    // 12 × $0.4/M + 5 × $1.6/M = $0.0000128
    expect(processBudget.spent).toBe(usd('0.0000128'));
    expect(processBudget.reserved).toBe(0n);
  });

  it('never lets concurrent requests together exceed the process budget', async () => {
    const limit = usd('0.002');
    const processBudget = createBudget({ limit });
    const { post } = setup({}, { processBudget });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => post({ model: SONNET, max_tokens: 20, ...hello })),
    );
    const ok = responses.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThan(0);
    expect(responses.filter((r) => r.status === 402).length).toBe(50 - ok);
    expect(processBudget.spent).toBeLessThanOrEqual(limit);
    // 12 × $3/M + 5 × $15/M per answered request.
    expect(processBudget.spent).toBe(BigInt(ok) * usd('0.000111'));
  });

  it('refuses once the process budget is used up', async () => {
    const processBudget = createBudget({ limit: usd('0.00001'), label: 'process' });
    const { post, models } = setup({}, { processBudget, minOutputTokens: 100 });
    const res = await post({ model: SONNET, ...hello });
    expect(res.status).toBe(402);
    // The limit that refused is named: raising the request budget could not help here.
    const message = ((await res.json()) as any).error.message as string;
    expect(message).toContain("the proxy's process budget (TOKENWISE_PROXY_PROCESS_BUDGET)");
    expect(message).not.toContain('Raise the budget (tokenwise.budget');
    expect(models[SONNET]!.calls).toHaveLength(0);
  });
});

describe('failover', () => {
  it('tries the next model after a 500 or 429 and records both attempts', async () => {
    for (const status of [500, 429]) {
      const { post, ledger } = setup({ [GPT41]: [{ error: upstreamError(status) }] });
      const res = await post({ model: 'auto', ...hello });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.model).not.toBe(GPT41);
      expect(body.tokenwise_trace.models_tried).toEqual([GPT41, body.model]);
      expect(body.tokenwise_trace.initial_model).toBe(GPT41);
      expect(ledger.map((r) => [r.kind, r.outcome])).toEqual([
        ['attempt', 'error'],
        ['attempt', 'ok'],
        ['request', 'ok'],
      ]);
      expect(ledger[0]!.status).toBe(status);
    }
  });

  it('routes requests with tools only to models that take tools', async () => {
    const { post } = setup({ [SONNET]: [{ error: upstreamError(503) }] });
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }];
    const res = await post({ model: 'tokenwise/best_quality', tools, ...hello });
    // Sonnet failed; o3 (the other flagship) lists no `tools` parameter, so nothing is left at that tier.
    expect(res.status).toBe(503);
    const plain = await post({ model: 'tokenwise/best_quality', ...hello });
    expect(((await plain.json()) as any).model).toBe('openai/o3');
  });

  it('never fails over to a weaker tier for best_quality', async () => {
    const { post } = setup({
      [SONNET]: [{ error: upstreamError(503) }],
      'openai/o3': [{ error: upstreamError(503) }],
    });
    const res = await post({ model: 'tokenwise/best_quality', ...hello });
    expect(res.status).toBe(503);
  });

  it('does not fail over an explicit model, nor an invalid request', async () => {
    const { post, models } = setup({ [MINI]: [{ error: upstreamError(500) }] });
    expect((await post({ model: MINI, ...hello })).status).toBe(502);
    const { post: post2, models: models2 } = setup({ [GPT41]: [{ error: upstreamError(400) }] });
    expect((await post2({ model: 'auto', ...hello })).status).toBe(400);
    expect(Object.values(models2).reduce((n, m) => n + m.calls.length, 0)).toBe(1);
    expect(models[MINI]!.calls).toHaveLength(1);
  });

  it('suppresses a model that refused (404), but still tries it when named explicitly', async () => {
    let now = 0;
    const { post, models } = setup(
      { [GPT41]: [{ error: upstreamError(404) }, { text: 'back' }] },
      { clock: () => now },
    );
    await post({ model: 'auto', ...hello });
    const second = (await (await post({ model: 'auto', ...hello })).json()) as any;
    expect(second.model).not.toBe(GPT41);
    expect(models[GPT41]!.calls).toHaveLength(1);
    const explicit = await post({ model: GPT41, ...hello });
    expect(explicit.status).toBe(200);
    expect(models[GPT41]!.calls).toHaveLength(2);
    now += 301_000;
    expect(((await (await post({ model: 'auto', ...hello })).json()) as any).model).toBe(GPT41);
  });

  it('skips the other models of a provider that has no API key', async () => {
    const noKey = new LoadApiKeyError({ provider: 'openai', environmentVariableName: 'OPENAI_API_KEY' });
    const { post, models } = setup({
      [GPT41]: [{ error: noKey }],
      [MINI]: [{ error: noKey }],
      'openai/o3': [{ error: noKey }],
    });
    const body = (await (await post({ model: 'auto', ...hello })).json()) as any;
    expect(body.model.startsWith('openai/')).toBe(false);
    const openaiCalls = [GPT41, MINI, 'openai/o3'].reduce((n, id) => n + models[id]!.calls.length, 0);
    expect(openaiCalls).toBe(1);
  });

  it('suppresses a model after repeated transient failures', async () => {
    const { post, models } = setup({ [GPT41]: [{ error: upstreamError(503) }] }, { failureThreshold: 2 });
    await post({ model: 'auto', ...hello });
    await post({ model: 'auto', ...hello });
    await post({ model: 'auto', ...hello });
    expect(models[GPT41]!.calls).toHaveLength(2);
  });

  it('fails over on a timeout', async () => {
    const hang: Reply = { parts: [{ type: 'stream-start', warnings: [] }], hang: true };
    const { post } = setup({ [GPT41]: [hang] }, { upstreamTimeoutMs: 50 });
    const res = await post({ model: 'auto', stream: true, ...hello });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-tokenwise-model')).not.toBe(GPT41);
  });
});

describe('streaming', () => {
  it('streams chunks, a finish chunk with usage.cost and [DONE]', async () => {
    const { post, ledger, flush } = setup({ [MINI]: [{ text: 'Hi there friend' }] });
    const res = await post({ model: MINI, stream: true, ...hello });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('x-tokenwise-model')).toBe(MINI);
    const events = await sseEvents(res);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks[0].object).toBe('chat.completion.chunk');
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks[1].choices[0].delta.content).toBe('Hi ');
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Hi there friend');
    const last = chunks.at(-1);
    await flush();
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.usage).toEqual({
      prompt_tokens: 12,
      completion_tokens: 5,
      total_tokens: 17,
      cost: 0.0000128,
    });
    expect(ledger.map((r) => [r.kind, r.outcome])).toEqual([
      ['attempt', 'ok'],
      ['request', 'ok'],
    ]);
  });

  it('sends a separate usage chunk when stream_options.include_usage is set', async () => {
    const { post } = setup();
    const events = await sseEvents(
      await post({ model: MINI, stream: true, stream_options: { include_usage: true }, ...hello }),
    );
    const usageChunk = JSON.parse(events.at(-2)!);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage.cost).toBe(0.0000128);
    expect(JSON.parse(events.at(-3)!).usage).toBeUndefined();
  });

  it('streams tool-call deltas in OpenAI shape', async () => {
    const parts: Reply = {
      parts: [
        { type: 'tool-call-delta', index: 0, toolCallId: 'c1', toolName: 'lookup', inputDelta: '{"q":' },
        { type: 'tool-call-delta', index: 0, toolCallId: 'c1', toolName: 'lookup', inputDelta: '"x"}' },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: '{"q":"x"}' },
        {
          type: 'finish',
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage: { inputTokens: 3, outputTokens: 4 },
        },
      ],
    };
    const { post } = setup({ [MINI]: [parts] });
    const chunks = (await sseEvents(await post({ model: MINI, stream: true, ...hello })))
      .slice(0, -1)
      .map((e) => JSON.parse(e));
    expect(chunks[1].choices[0].delta.tool_calls).toEqual([
      { index: 0, id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":' } },
    ]);
    expect(chunks[2].choices[0].delta.tool_calls).toEqual([{ index: 0, function: { arguments: '"x"}' } }]);
    expect(chunks).toHaveLength(4);
    expect(chunks[3].choices[0].finish_reason).toBe('tool_calls');
  });

  it('fails over before the first content arrives', async () => {
    const failing: Reply = {
      parts: [{ type: 'stream-start', warnings: [] }],
      thenError: upstreamError(500),
    };
    const { post, models } = setup({ [GPT41]: [failing] });
    const res = await post({ model: 'auto', stream: true, ...hello });
    expect(res.status).toBe(200);
    const events = await sseEvents(res);
    const last = JSON.parse(events.at(-2)!);
    expect(last.model).not.toBe(GPT41);
    expect(last.tokenwise_trace.models_tried).toEqual([GPT41, last.model]);
    expect(models[GPT41]!.calls).toHaveLength(1);
  });

  it('ends with an error event after content was sent, and settles the partial cost', async () => {
    const processBudget = createBudget({ limit: usd(1) });
    const partial: Reply = {
      parts: [{ type: 'text-delta', delta: 'abcdefgh' }],
      thenError: upstreamError(500),
    };
    const { post, ledger, models, flush } = setup({ [MINI]: [partial] }, { processBudget });
    const events = await sseEvents(await post({ model: MINI, stream: true, ...hello }));
    await flush();
    const error = JSON.parse(events.at(-1)!);
    expect(error.error).toMatchObject({ code: 'upstream_error', type: 'api_error' });
    expect(JSON.stringify(error)).not.toContain('sk-live');
    const request = ledger.find((r) => r.kind === 'request')!;
    expect(request).toMatchObject({ outcome: 'error', estimated: true, outputTokens: 3 });
    expect(request.cost).toBeGreaterThan(0n);
    expect(processBudget.spent).toBe(request.cost);
    expect(processBudget.reserved).toBe(0n);
    expect(Object.values(models).reduce((n, m) => n + m.calls.length, 0)).toBe(1);
  });

  it('with include_usage, a late failure sends the partial usage chunk (with its cost) before the error event', async () => {
    const partial: Reply = {
      parts: [{ type: 'text-delta', delta: 'abcdefgh' }],
      thenError: upstreamError(500),
    };
    const { post, ledger, flush } = setup({ [MINI]: [partial] });
    const events = await sseEvents(
      await post({ model: MINI, stream: true, stream_options: { include_usage: true }, ...hello }),
    );
    await flush();
    const usage = JSON.parse(events.at(-2)!);
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBe(3);
    const request = ledger.find((r) => r.kind === 'request')!;
    expect(usage.usage.cost).toBe(toUsdNumber(request.cost));
    expect(JSON.parse(events.at(-1)!).error).toMatchObject({ code: 'upstream_error' });
  });

  it('settles from the tokens counted so far when the client disconnects', async () => {
    const processBudget = createBudget({ limit: usd(1) });
    const endless: Reply = { parts: [{ type: 'text-delta', delta: 'abcdefghijkl' }], hang: true };
    const { post, ledger, flush } = setup({ [MINI]: [endless] }, { processBudget });
    const res = await post({ model: MINI, stream: true, ...hello });
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await flush();
    const request = ledger.find((r) => r.kind === 'request')!;
    expect(request).toMatchObject({
      outcome: 'cancelled',
      estimated: true,
      outputTokens: 4,
      inputTokens: 12,
    });
    expect(processBudget.reserved).toBe(0n);
    expect(processBudget.spent).toBe(request.cost);
  });
});

describe('ledger writes', () => {
  it('never make the response wait, and failures are reported with the record', async () => {
    const errors: Array<Record<string, unknown> | undefined> = [];
    let resolveWrite!: () => void;
    const { postRaw, app } = setup(
      {},
      {
        ledger: {
          append: (record: LedgerRecord) =>
            record.kind === 'attempt'
              ? new Promise<void>((resolve) => {
                  resolveWrite = resolve;
                })
              : Promise.reject(new Error('disk full')),
        },
        logger: {
          warn: () => {},
          error: (_m: string, fields?: Record<string, unknown>) => errors.push(fields),
        },
      },
    );
    const res = await postRaw({ model: MINI, ...hello });
    expect(res.status).toBe(200);
    const flushed = app.flushLedger();
    resolveWrite();
    await flushed;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: 'disk full' });
    // The record is logged as its ledger line, ready to append for a replay.
    expect(JSON.parse(errors[0]!.record as string)).toMatchObject({ kind: 'request', cost_usd: '0.0000128' });
  });
});
