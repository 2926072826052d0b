import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseTraceparent } from '../tracing/traceparent.js';

const SAFE_ID = /^[\w.:-]{1,64}$/;

/**
 * The trace id of a valid W3C `traceparent`, else a caller's or proxy's `x-request-id` when
 * it is a sane token, else a fresh id: logs join up across hops and with traces.
 */
export function requestId(request: IncomingMessage): string {
  const trace = parseTraceparent(request.headers.traceparent);
  if (trace !== undefined) return trace.traceId;
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}
