/** Small HTTP helpers shared by the sandbox tests. */
import type { Sandbox } from '../../src/sandbox/index.js';

export const NOW = new Date('2026-05-15T12:00:00.000Z');
export const TODAY = '2026-05-15';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** A clock tests can move forward. */
export function manualClock(start: Date = NOW): { now: () => Date; advance: (ms: number) => void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
  };
}

export async function getDownloads(
  sandbox: Sandbox,
  query: Record<string, string> = {},
  options: { token?: string | null; apiKey?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const apiKey = options.apiKey === undefined ? sandbox.apiKey : options.apiKey;
  if (apiKey !== null) headers['Api-Key'] = apiKey;
  const token = options.token === undefined ? 'sandbox-alice' : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${sandbox.url}/v3/downloads?${new URLSearchParams(query).toString()}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export async function postToken(sandbox: Sandbox, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

export function clientForm(sandbox: Sandbox, form: Record<string, string>): Record<string, string> {
  return { client_id: sandbox.apiKey, client_secret: sandbox.apiSecret, ...form };
}

export interface DownloadsPage {
  result_count: number;
  downloads: Array<Record<string, unknown> & { id: string; date_downloaded: string }>;
}

export function parsePage(answer: Answer): DownloadsPage {
  return JSON.parse(answer.text) as DownloadsPage;
}

export function parseJson(answer: Answer): unknown {
  return JSON.parse(answer.text) as unknown;
}
