// biome-ignore-all lint/suspicious/noExplicitAny: response bodies are untyped JSON in these tests
import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { toDecimalString } from '@tokenwise/spec';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createScriptedModel,
  fixtureDeps,
  type Reply,
  upstreamError,
} from '../__fixtures__/proxy-fixtures.js';
import { createProxyApp } from '../create-proxy-app.js';
import { createRequestTracing } from './request-tracing.js';

const MINI = 'openai/gpt-4.1-mini';
const GPT41 = 'openai/gpt-4.1';
const FLASH = 'google/gemini-2.5-flash';
const SONNET = 'anthropic/claude-sonnet-4.5';
const hello = { messages: [{ role: 'user', content: 'Hello' }] };

function setup(replies: Record<string, Reply[]> = {}, global = false) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const models = Object.fromEntries(
    [MINI, FLASH, GPT41, SONNET, 'openai/o3'].map((id) => [
      id,
      createScriptedModel(id, replies[id] ?? [{ text: `Hi from ${id}` }]),
    ]),
  );
  if (global) trace.setGlobalTracerProvider(provider);
  const fixture = fixtureDeps(models, global ? {} : { tracerProvider: provider });
  const app = createProxyApp(fixture.deps);
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    await res.text();
    await app.flushLedger();
    return res;
  };
  const spans = () => exporter.getFinishedSpans();
  return { app, post, spans, ledger: fixture.records };
}

const byKind = (spans: ReadableSpan[], kind: SpanKind) => spans.filter((span) => span.kind === kind);

afterEach(() => {
  trace.disable();
  propagation.disable();
});

describe('request tracing', () => {
  it('writes one request span and one child span per attempt with GenAI and tokenwise attributes', async () => {
    const { post, spans, ledger } = setup({ [GPT41]: [{ error: upstreamError(500) }] });
    const res = await post({ model: 'auto', max_tokens: 50, ...hello }, { 'x-tokenwise-budget': '0.5' });
    expect(res.status).toBe(200);
    const [server, ...rest] = byKind(spans(), SpanKind.SERVER);
    expect(rest).toHaveLength(0);
    const attempts = byKind(spans(), SpanKind.CLIENT);
    expect(attempts).toHaveLength(2);
    const request = ledger.find((r) => r.kind === 'request')!.record;
    const answered = request.modelId;
    expect(server!.name).toBe('chat auto');
    expect(server!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'auto',
      'gen_ai.response.model': answered,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'tokenwise.door': 'chat',
      'tokenwise.strategy': 'balanced',
      'tokenwise.budget': '0.5',
      'tokenwise.outcome': 'ok',
      'tokenwise.request_id': request.requestId,
      'tokenwise.attempts': 2,
      'http.response.status_code': 200,
    });
    for (const attempt of attempts) {
      expect(attempt.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
      expect(attempt.spanContext().traceId).toBe(server!.spanContext().traceId);
    }
    const [failed, ok] = attempts.sort(
      (a, b) => Number(a.attributes['tokenwise.attempt']) - Number(b.attributes['tokenwise.attempt']),
    );
    expect(failed!.name).toBe(`chat ${GPT41}`);
    expect(failed!.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed!.attributes).toMatchObject({
      'gen_ai.request.model': GPT41,
      'gen_ai.provider.name': 'openai',
      'tokenwise.outcome': 'error',
      'http.response.status_code': 500,
    });
    expect(ok!.attributes).toMatchObject({
      'gen_ai.request.model': answered,
      'gen_ai.response.model': answered,
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 5,
      'tokenwise.outcome': 'ok',
      'tokenwise.attempt_kind': 'failover',
      'tokenwise.failover_reason': expect.any(String),
    });
    expect(ok!.status.code).not.toBe(SpanStatusCode.ERROR);
    // No secret of the upstream error reaches a span.
    expect(JSON.stringify(spans().map((span) => [span.attributes, span.status]))).not.toContain(
      'sk-live-123',
    );
  });

  it('puts the ledger cost on the spans: attempts sum to the request', async () => {
    const { post, spans, ledger } = setup({ [GPT41]: [{ error: upstreamError(429) }] });
    await post({ model: 'auto', ...hello });
    const request = ledger.find((r) => r.kind === 'request')!;
    const server = byKind(spans(), SpanKind.SERVER)[0]!;
    expect(server.attributes['tokenwise.cost']).toBe(toDecimalString(request.cost));
    const attemptCosts = ledger.filter((r) => r.kind === 'attempt').map((r) => toDecimalString(r.cost));
    expect(
      byKind(spans(), SpanKind.CLIENT)
        .map((span) => span.attributes['tokenwise.cost'])
        .sort(),
    ).toEqual(attemptCosts.sort());
  });

  it('continues an incoming W3C traceparent', async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const { post, spans } = setup();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await post({ model: MINI, ...hello }, { traceparent: `00-${traceId}-${parentId}-01` });
    const server = byKind(spans(), SpanKind.SERVER)[0]!;
    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(parentId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(byKind(spans(), SpanKind.CLIENT)[0]!.spanContext().traceId).toBe(traceId);
  });

  it('traces streamed requests when their stream ends, and refusals without attempts', async () => {
    const { post, spans } = setup();
    await post({ model: MINI, stream: true, ...hello });
    await post({ model: MINI, ...hello }, { 'x-tokenwise-budget': 'lots' });
    const servers = byKind(spans(), SpanKind.SERVER);
    expect(
      servers.map((span) => [span.attributes['tokenwise.stream'], span.attributes['tokenwise.outcome']]),
    ).toEqual([
      [true, 'ok'],
      [undefined, 'refused'],
    ]);
    expect(servers[0]!.attributes['gen_ai.response.model']).toBe(MINI);
    expect(servers[1]!.attributes['http.response.status_code']).toBe(400);
    expect(byKind(spans(), SpanKind.CLIENT)).toHaveLength(1);
  });

  it('uses the globally registered provider when none is injected', async () => {
    const { post, spans } = setup({}, true);
    await post({ model: MINI, ...hello });
    expect(byKind(spans(), SpanKind.SERVER)).toHaveLength(1);
  });

  it('starts nothing when no provider is registered', () => {
    const tracing = createRequestTracing(undefined, '0.0.0');
    expect(tracing(new Request('http://localhost/v1/chat/completions'), 'chat')).toBeUndefined();
  });
});
