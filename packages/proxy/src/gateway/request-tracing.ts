import {
  type Attributes,
  type Context,
  ProxyTracerProvider,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import type { AttemptRecord, CallOutcome, PicoUsd } from '@tokenwise/spec';
import { toDecimalString } from '@tokenwise/spec';

/** What the GenAI conventions call the operation: every door is a chat-style call (`tokenwise.door` tells which). */
const OPERATION = 'chat';

/** The provider the API falls back to when no SDK registered one: spans from it record nothing. */
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/** Reads W3C `traceparent`/`tracestate` (whatever the registered propagator wants) from a request's headers. */
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

/** The span of one request while it is served (internal). */
export interface RequestSpan {
  /** What the request asked for, once its body was read and its model chosen. */
  request(attributes: {
    modelAsked: string;
    strategy?: string | undefined;
    budget?: PicoUsd | undefined;
    maxTokens?: number | undefined;
    stream: boolean;
  }): void;
  /** One engine attempt, as a child span over the attempt's own start and duration. */
  attempt(record: AttemptRecord, previous: AttemptRecord | undefined): void;
  /** Ends the span with how the request ended. */
  end(end: {
    requestId: string;
    outcome: CallOutcome;
    status: number;
    responseModel?: string | undefined;
    inputTokens?: number | undefined;
    outputTokens?: number | undefined;
    cost: PicoUsd;
    attempts: number;
    error?: string | undefined;
  }): void;
}

/** Starts request spans, or nothing at all when no tracer provider is registered (internal). */
export type RequestTracing = (request: Request, door: string) => RequestSpan | undefined;

/**
 * Request tracing over `@opentelemetry/api`: one SERVER span per request (continuing an incoming W3C
 * `traceparent` through the registered propagator) and one CLIENT child span per engine attempt, with the GenAI
 * semantic conventions plus `tokenwise.*` attributes. Without a registered SDK (no `provider` and no global one)
 * it returns `undefined` for every request: a few property reads, no allocation.
 */
export function createRequestTracing(provider: TracerProvider | undefined, version: string): RequestTracing {
  let source: TracerProvider | undefined;
  let tracer: Tracer | undefined;
  const tracerOf = (current: TracerProvider): Tracer => {
    if (current !== source || tracer === undefined) {
      source = current;
      tracer = current.getTracer('@tokenwise/proxy', version);
    }
    return tracer;
  };
  return (request, door) => {
    const current = provider ?? activeProvider();
    if (current === undefined) return undefined;
    return startRequestSpan(tracerOf(current), request, door);
  };
}

/** The registered global provider, or undefined when only the API's no-op one is there (internal). */
function activeProvider(): TracerProvider | undefined {
  const global = trace.getTracerProvider();
  const delegate = global instanceof ProxyTracerProvider ? global.getDelegate() : global;
  return delegate === NOOP_PROVIDER ? undefined : delegate;
}

function startRequestSpan(tracer: Tracer, request: Request, door: string): RequestSpan {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
  const span = tracer.startSpan(
    OPERATION,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'gen_ai.operation.name': OPERATION,
        'tokenwise.door': door,
        'http.request.method': request.method,
      },
    },
    parent,
  );
  const spanContext: Context = trace.setSpan(parent, span);
  return {
    request(asked) {
      // The GenAI span name: `{operation} {requested model}`.
      span.updateName(`${OPERATION} ${asked.modelAsked}`);
      const attributes: Attributes = {
        'gen_ai.request.model': asked.modelAsked,
        'tokenwise.stream': asked.stream,
      };
      if (asked.strategy !== undefined) attributes['tokenwise.strategy'] = asked.strategy;
      if (asked.budget !== undefined) attributes['tokenwise.budget'] = toDecimalString(asked.budget);
      if (asked.maxTokens !== undefined) attributes['gen_ai.request.max_tokens'] = asked.maxTokens;
      span.setAttributes(attributes);
    },
    attempt(record, previous) {
      const startTime = record.timestamp === undefined ? undefined : Date.parse(record.timestamp);
      const attributes: Attributes = {
        'gen_ai.operation.name': OPERATION,
        'gen_ai.request.model': record.modelId,
        'tokenwise.attempt': record.attempt ?? 0,
        'tokenwise.cost': toDecimalString(record.cost),
        'tokenwise.called': record.called !== false,
      };
      if (record.providerId !== undefined) {
        attributes['gen_ai.provider.name'] = record.providerId;
        attributes['gen_ai.system'] = record.providerId;
      }
      if (record.called !== false) {
        attributes['gen_ai.response.model'] = record.modelId;
        attributes['gen_ai.usage.input_tokens'] = record.inputTokens;
        attributes['gen_ai.usage.output_tokens'] = record.outputTokens;
      }
      if (record.finishReason !== undefined)
        attributes['gen_ai.response.finish_reasons'] = [record.finishReason];
      if (record.outcome !== undefined) attributes['tokenwise.outcome'] = record.outcome;
      if (record.attemptKind !== undefined) attributes['tokenwise.attempt_kind'] = record.attemptKind;
      if (record.reserved !== undefined) attributes['tokenwise.reserved'] = toDecimalString(record.reserved);
      if (record.status !== undefined) attributes['http.response.status_code'] = record.status;
      // Why the request moved on to this model: how the attempt before it ended.
      if (previous !== undefined && record.attemptKind !== 'first' && record.attemptKind !== 'retry') {
        attributes['tokenwise.failover_reason'] = previous.errorCode ?? previous.outcome ?? 'error';
      }
      const child = tracer.startSpan(
        `${OPERATION} ${record.modelId}`,
        {
          kind: SpanKind.CLIENT,
          attributes,
          ...(startTime === undefined || Number.isNaN(startTime) ? {} : { startTime }),
        },
        spanContext,
      );
      if (!record.success) {
        child.setAttribute('error.type', record.errorCode ?? record.errorClass ?? record.outcome ?? 'error');
        child.setStatus({ code: SpanStatusCode.ERROR, ...messageOf(record.errorMessage) });
      }
      endAt(child, startTime, record.latencyMs);
    },
    end(end) {
      const attributes: Attributes = {
        'tokenwise.request_id': end.requestId,
        'tokenwise.outcome': end.outcome,
        'tokenwise.cost': toDecimalString(end.cost),
        'tokenwise.attempts': end.attempts,
        'http.response.status_code': end.status,
      };
      if (end.responseModel !== undefined) attributes['gen_ai.response.model'] = end.responseModel;
      if (end.inputTokens !== undefined) attributes['gen_ai.usage.input_tokens'] = end.inputTokens;
      if (end.outputTokens !== undefined) attributes['gen_ai.usage.output_tokens'] = end.outputTokens;
      span.setAttributes(attributes);
      if (end.outcome !== 'ok') {
        span.setAttribute('error.type', end.outcome);
        if (end.status >= 500 || end.outcome === 'error' || end.outcome === 'timeout')
          span.setStatus({ code: SpanStatusCode.ERROR, ...messageOf(end.error) });
      }
      span.end();
    },
  };
}

/** A status message, when there is one (internal). */
function messageOf(message: string | undefined): { message?: string } {
  return message === undefined ? {} : { message };
}

/** Ends a child span at its attempt's measured end, or now when its timing is unknown (internal). */
function endAt(span: Span, startTime: number | undefined, latencyMs: number | undefined): void {
  if (startTime === undefined || Number.isNaN(startTime) || latencyMs === undefined) span.end();
  else span.end(startTime + latencyMs);
}
