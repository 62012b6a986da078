import { propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { TokenwiseError } from '@tokenwise/spec';

/** A registered tracer provider: say which exporter it uses, flush and stop it on shutdown. */
export interface Tracing {
  /** `otlp` or `console`. */
  exporter: string;
  /** Exports the spans still buffered and stops the provider. */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK globally when the standard variables ask for traces: `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or `OTEL_TRACES_EXPORTER` (`otlp`, `console`, `none`). OTLP goes over
 * HTTP/JSON to `<endpoint>/v1/traces` (headers and timeout from the exporter's own `OTEL_EXPORTER_OTLP_*`). The W3C trace-context
 * propagator is registered too, so an incoming `traceparent` is continued. Returns `undefined` (and registers
 * nothing: the proxy's tracing stays a no-op) when tracing is not asked for. The SDK and its exporter are
 * imported only then: a server without tracing does not hold their code (memory).
 *
 * @throws TokenwiseError for an exporter other than `otlp`, `console` or `none`.
 */
export async function startTracing(
  env: Readonly<Record<string, string | undefined>>,
  service: { name: string; version: string },
): Promise<Tracing | undefined> {
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || undefined;
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  const endpoint =
    tracesEndpoint ??
    (baseEndpoint === undefined ? undefined : `${baseEndpoint.replace(/\/+$/, '')}/v1/traces`);
  // The spec allows a list; the first entry wins here.
  const asked = env.OTEL_TRACES_EXPORTER?.split(',')[0]?.trim().toLowerCase() || undefined;
  if (asked === undefined && !endpoint) return undefined;
  const name = asked ?? 'otlp';
  if (name === 'none') return undefined;
  if (name !== 'otlp' && name !== 'console') {
    throw new TokenwiseError({
      name: 'TracingConfigError',
      message: `OTEL_TRACES_EXPORTER=${name} is not supported: use otlp, console or none.`,
    });
  }
  const [{ W3CTraceContextPropagator }, { resourceFromAttributes }, sdk] = await Promise.all([
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  const { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter } = sdk;
  let exporter: SpanExporter;
  if (name === 'otlp') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    // The URL comes from `env` (the exporter would read only `process.env`); its default is localhost:4318.
    exporter = new OTLPTraceExporter(endpoint === undefined ? {} : { url: endpoint });
  } else exporter = new ConsoleSpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': env.OTEL_SERVICE_NAME || service.name,
      'service.version': service.version,
    }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return {
    exporter: name,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
    },
  };
}
