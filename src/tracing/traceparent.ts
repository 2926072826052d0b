import { randomBytes } from 'node:crypto';

/** A caller's W3C trace context (https://www.w3.org/TR/trace-context/#traceparent-header), validated. */
export interface TraceParent {
  traceId: string;
  /** The caller's span: the parent of this gateway's request span. */
  parentId: string;
  /** Bit 0 is "sampled". */
  flags: number;
}

// Version 00 only: a later version may lay the fields out differently.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** The header's fields, or undefined when it is absent or not a valid version-00 traceparent (then it is ignored). */
export function parseTraceparent(header: string | string[] | undefined): TraceParent | undefined {
  if (typeof header !== 'string') return undefined;
  const [, traceId, parentId, flags] = TRACEPARENT.exec(header.trim()) ?? [];
  if (traceId === undefined || parentId === undefined || flags === undefined) return undefined;
  if (traceId === ZERO_TRACE_ID || parentId === ZERO_SPAN_ID) return undefined;
  return { traceId, parentId, flags: Number.parseInt(flags, 16) };
}

export function formatTraceparent(traceId: string, spanId: string, flags: number): string {
  return `00-${traceId}-${spanId}-${flags.toString(16).padStart(2, '0')}`;
}

export function randomTraceId(): string {
  return randomBytes(16).toString('hex');
}

export function randomSpanId(): string {
  return randomBytes(8).toString('hex');
}
