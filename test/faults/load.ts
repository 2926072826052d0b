/** A small closed-loop load generator: `concurrency` workers, each sending its next request when the last answered. */

export interface Outcome {
  ms: number;
  status: number;
  /** `extensions.code` of each GraphQL error, in order. */
  codes: string[];
  hasData: boolean;
  /** A transport failure (reset, refused, hang-up) instead of an HTTP answer. */
  networkError?: string;
  body?: GraphQLBody;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string; extensions?: { code?: string; retryAfterSeconds?: number } }>;
  extensions?: Record<string, unknown>;
}

export async function send(url: string, init: RequestInit): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    let body: GraphQLBody | undefined;
    try {
      body = JSON.parse(text) as GraphQLBody;
    } catch {
      body = undefined;
    }
    return {
      ms: performance.now() - started,
      status: response.status,
      codes: (body?.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE'),
      hasData: body?.data !== undefined && body.data !== null && (body.errors ?? []).length === 0,
      ...(body === undefined ? {} : { body }),
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ms: performance.now() - started, status: 0, codes: [], hasData: false, networkError: cause?.code ?? cause?.message ?? String(error) };
  }
}

export function graphqlRequest(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) };
}

/** Runs `total` requests (or until `stop()` says so) with `concurrency` in flight; outcomes in request order. */
export async function runLoad(options: { total: number; concurrency: number; request: (index: number) => Promise<Outcome>; stop?: () => boolean }): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.total && !(options.stop?.() ?? false)) {
      const index = next;
      next += 1;
      outcomes[index] = await options.request(index);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}
