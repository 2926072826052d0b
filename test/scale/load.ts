import type { RecordedRequest } from '../../src/sandbox/index.js';
import type { SandboxProcess } from '../sandbox-process.js';

export interface Customer {
  /** The sandbox user this customer's token speaks for; `undefined` for the service account. */
  username: string;
  token: string | undefined;
}

export interface Outcome {
  customer: string;
  status: number;
  ms: number;
  /** The answer had the page's data. */
  data: boolean;
  /** A download of another user reached this customer. */
  leak: boolean;
  codes: string[];
  /** Every UPSTREAM_RATE_LIMITED error carried retryAfterSeconds. */
  retryAfterOk: boolean;
  /** The request could not be sent (an instance that is gone). */
  unreachable: boolean;
}

export const PAGE_QUERY = `query Page($first: Int, $after: String, $last: Int, $before: String, $productType: ProductType) {
  downloads(first: $first, after: $after, last: $last, before: $before, productType: $productType) {
    totalCount
    pageInfo { endCursor startCursor hasNextPage }
    nodes { id downloadedBy { username } }
  }
}`;

interface Answer {
  data?: {
    downloads?: { pageInfo: { endCursor: string | null; startCursor: string | null }; nodes: Array<{ downloadedBy: { username: string | null } | null }> } | null;
  } | null;
  errors?: Array<{ extensions?: { code?: string; retryAfterSeconds?: number } }>;
}

/** Round-robin across instances, as a load balancer would. */
export class Balancer {
  private next = 0;
  constructor(readonly urls: string[]) {}
  pick(): string {
    const url = this.urls[this.next % this.urls.length]!;
    this.next += 1;
    return url;
  }
}

export interface Sent {
  outcome: Outcome;
  answer: Answer | undefined;
}

export async function send(url: string, customer: Customer, variables: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Sent> {
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (customer.token !== undefined) headers.authorization = `Bearer ${customer.token}`;
  let status = 0;
  let answer: Answer | undefined;
  try {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: PAGE_QUERY, variables, ...extra }) });
    status = response.status;
    answer = (await response.json()) as Answer;
  } catch {
    answer = undefined;
  }
  const ms = performance.now() - started;
  const nodes = answer?.data?.downloads?.nodes;
  const codes = (answer?.errors ?? []).map((error) => error.extensions?.code ?? 'NONE');
  const limited = (answer?.errors ?? []).filter((error) => error.extensions?.code === 'UPSTREAM_RATE_LIMITED');
  return {
    answer,
    outcome: {
      customer: customer.token ?? 'service-account',
      status,
      ms,
      data: nodes !== undefined,
      leak: (nodes ?? []).some((node) => node.downloadedBy?.username !== customer.username),
      codes,
      retryAfterOk: limited.every((error) => typeof error.extensions?.retryAfterSeconds === 'number' && error.extensions.retryAfterSeconds >= 1),
      unreachable: answer === undefined,
    },
  };
}

/**
 * Customer tokens from the sandbox's token endpoint, obtained before the measured load and
 * paced to the sandbox's per-key limit (a token call counts against the API key too).
 */
export async function customers(sandbox: SandboxProcess, count: number, perSecond: number): Promise<Customer[]> {
  const result: Customer[] = [];
  for (let index = 0; index < count; index += 1) {
    await sleep(1_100 / perSecond);
    const user = sandbox.demoUsers[index % sandbox.demoUsers.length]!;
    const response = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: user.username,
        password: user.password,
        client_id: sandbox.apiKey,
        client_secret: sandbox.apiSecret,
      }),
    });
    if (response.status !== 200) throw new Error(`the sandbox refused a customer token: ${response.status}`);
    const body = (await response.json()) as { access_token: string };
    result.push({ username: user.username, token: body.access_token });
  }
  return result;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The most calls with the API key Getty (the sandbox) received in any 1 s window, by its own timestamps. */
export function busiestSecond(requests: readonly RecordedRequest[]): number {
  return busiestWindow(requests).length;
}

/** The calls of the busiest 1 s window (for a failure's details). */
export function busiestWindow(requests: readonly RecordedRequest[]): RecordedRequest[] {
  const calls = requests.filter((request) => request.path === '/v3/downloads' || request.path === '/oauth2/token').sort((a, b) => a.receivedAt - b.receivedAt);
  let best: RecordedRequest[] = [];
  let start = 0;
  for (let end = 0; end < calls.length; end += 1) {
    while (calls[end]!.receivedAt - calls[start]!.receivedAt >= 1000) start += 1;
    if (end - start + 1 > best.length) best = calls.slice(start, end + 1);
  }
  return best;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `client` in a loop until `durationMs` has passed. */
export async function loop(durationMs: number, client: () => Promise<void>): Promise<void> {
  const end = performance.now() + durationMs;
  while (performance.now() < end) await client();
}
