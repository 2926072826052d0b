import { formatTraceparent, randomSpanId, randomTraceId } from './traceparent.js';
import type { TraceParent } from './traceparent.js';

/** Bounded facts only: never a token, password, query text or query-string value. */
export type SpanAttributes = Record<string, string | number | boolean>;

/** One timed step of a request; the layers see only this, never the tracing library behind it. */
export interface Span {
  /** A step inside this one; `client` when it is a call to another service. */
  child(name: string, attributes?: SpanAttributes, kind?: 'internal' | 'client'): Span;
  set(attributes: SpanAttributes): void;
  /** Marks the step failed with an error code, without ending it. */
  fail(error: string): void;
  /** Ends the step; `error` (an error code) marks it failed. Ending twice is harmless. */
  end(error?: string): void;
  /** The `traceparent` header for an outgoing call made as this step. */
  traceparent(): string;
}

/** Starts each incoming request's root span. The wiring picks the implementation. */
export interface Tracer {
  /** Whether spans are recorded and exported; when not, callers skip the work only exporting needs. */
  readonly exporting: boolean;
  request(name: string, parent: TraceParent | undefined): Span;
  /** Sends the spans not yet exported; called on shutdown. */
  close(): Promise<void>;
}

/**
 * No export: only the trace id travels on, the caller's or a fresh one, with a fresh span id
 * on each outgoing call, so Getty's side can still be joined to the gateway's logs.
 */
class PropagatingSpan implements Span {
  private traceId: string | undefined;

  constructor(private readonly parent: TraceParent | undefined) {
    this.traceId = parent?.traceId;
  }

  child(): Span {
    return this;
  }

  set(): void {}

  fail(): void {}

  end(): void {}

  traceparent(): string {
    // Made on first use: a request that calls nobody pays nothing.
    this.traceId ??= randomTraceId();
    return formatTraceparent(this.traceId, randomSpanId(), this.parent?.flags ?? 0);
  }
}

export const PROPAGATING_TRACER: Tracer = {
  exporting: false,
  request: (_name, parent) => new PropagatingSpan(parent),
  close: () => Promise.resolve(),
};

/** For calls outside any request (token grants, health probes): each one a trace of its own. */
export const UNTRACED: Span = {
  child: () => UNTRACED,
  set: () => undefined,
  fail: () => undefined,
  end: () => undefined,
  traceparent: () => formatTraceparent(randomTraceId(), randomSpanId(), 0),
};

/** Whether a value got carried through an untyped bag (got's `context`) is a span. */
export function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && 'traceparent' in value && 'child' in value;
}
