import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { Span as OtelSpan, Tracer as OtelTracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { TracingSettings } from '../config/env.js';
import { formatTraceparent } from '../tracing/traceparent.js';
import type { TraceParent } from '../tracing/traceparent.js';
import type { Span, SpanAttributes, Tracer } from '../tracing/tracer.js';

/**
 * The Tracer seam on the OpenTelemetry SDK: spans batched and sent over OTLP/HTTP (JSON) to a
 * collector. Loaded with a dynamic import only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Parents
 * are passed explicitly, so no context manager (AsyncLocalStorage) is installed.
 */
export function createOtelTracer(settings: TracingSettings): Tracer {
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': settings.serviceName })),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: settings.tracesUrl }) })],
  });
  const tracer = provider.getTracer('getty-downloads-gateway');
  return {
    exporting: true,
    request: (name, parent) => {
      const context = parent === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, remoteParent(parent));
      return new ExportedSpan(tracer, tracer.startSpan(name, { kind: SpanKind.SERVER }, context));
    },
    // Shutting down flushes the spans still batched.
    close: () => provider.shutdown(),
  };
}

function remoteParent(parent: TraceParent) {
  return { traceId: parent.traceId, spanId: parent.parentId, traceFlags: parent.flags & TraceFlags.SAMPLED, isRemote: true };
}

class ExportedSpan implements Span {
  private ended = false;

  constructor(
    private readonly tracer: OtelTracer,
    private readonly span: OtelSpan,
  ) {}

  child(name: string, attributes?: SpanAttributes, kind: 'internal' | 'client' = 'internal'): Span {
    const options = { kind: kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes };
    return new ExportedSpan(this.tracer, this.tracer.startSpan(name, options, trace.setSpan(ROOT_CONTEXT, this.span)));
  }

  set(attributes: SpanAttributes): void {
    this.span.setAttributes(attributes);
  }

  fail(error: string): void {
    this.span.setAttribute('error.type', error);
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: error });
  }

  end(error?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) this.fail(error);
    this.span.end();
  }

  traceparent(): string {
    const { traceId, spanId, traceFlags } = this.span.spanContext();
    return formatTraceparent(traceId, spanId, traceFlags);
  }
}
