/** Counters and the last 1,000 requests, so tests can see what the gateway actually sent. */
import type { IncomingMessage } from 'node:http';
import type { RecordedRequest, SandboxStats } from './types.js';

const REQUEST_LOG_SIZE = 1000;

type Counter = 'downloads' | 'token' | 'thumbnails';

export class SandboxRequestLog {
  private counts: Record<Counter, number> = { downloads: 0, token: 0, thumbnails: 0 };
  // A ring buffer: the hot path must not shift a 1,000-element array on every request.
  private ring: RecordedRequest[] = [];
  private next = 0;

  constructor(private readonly now: () => Date) {}

  /** Records the request as received; the caller fills in `status` (and user details) as it answers. */
  start(req: IncomingMessage, path: string, params: URLSearchParams): RecordedRequest {
    const record: RecordedRequest = {
      path,
      method: req.method ?? 'GET',
      query: Object.fromEntries(params),
      hasApiKey: req.headers['api-key'] !== undefined,
      status: 0,
      receivedAt: this.now().getTime(),
    };
    const acceptLanguage = req.headers['accept-language'];
    if (acceptLanguage !== undefined) record.acceptLanguage = acceptLanguage;
    const { traceparent } = req.headers;
    if (typeof traceparent === 'string') record.traceparent = traceparent;
    if (this.ring.length < REQUEST_LOG_SIZE) this.ring.push(record);
    else this.ring[this.next] = record;
    this.next = (this.next + 1) % REQUEST_LOG_SIZE;
    return record;
  }

  count(counter: Counter): void {
    this.counts[counter] += 1;
  }

  snapshot(): SandboxStats {
    const requests = this.ring.length < REQUEST_LOG_SIZE ? this.ring.slice() : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
    return { ...this.counts, requests: requests.map((record) => ({ ...record, query: { ...record.query } })) };
  }

  reset(): void {
    this.counts = { downloads: 0, token: 0, thumbnails: 0 };
    this.ring = [];
    this.next = 0;
  }
}
