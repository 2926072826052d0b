import type { Scenario } from './scenarios.js';

/**
 * One request before measuring, so the bench never reports the speed of an error: the
 * answer must be 200, carry no GraphQL errors, and hold the expected number of downloads.
 */
export async function checkScenario(scenario: Scenario): Promise<void> {
  const { url, method, body } = scenario.request;
  const caller = scenario.perRequestCallers?.next() ?? scenario.callers[0];
  const headers = caller === undefined ? scenario.request.headers : { ...scenario.request.headers, authorization: caller };
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  const problem = response.status !== 200 ? `HTTP ${response.status}` : problemWithBody(scenario, JSON.parse(text) as unknown);
  if (problem !== undefined) throw new Error(`scenario ${scenario.id} (${scenario.label}) is not answered correctly: ${problem}: ${text.slice(0, 300)}`);
}

function problemWithBody(scenario: Scenario, body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'the body is not a JSON object';
  const record = body as Record<string, unknown>;
  if (scenario.target === 'direct') {
    const downloads = record['downloads'];
    return Array.isArray(downloads) && downloads.length === scenario.items ? undefined : `expected ${scenario.items} downloads`;
  }
  if (record['errors'] !== undefined) return 'GraphQL errors';
  const data = record['data'];
  if (typeof data !== 'object' || data === null) return 'no data';
  const items = Object.values(data).reduce<number>((sum, connection: unknown) => sum + edgeCount(connection), 0);
  return items === scenario.items ? undefined : `expected ${scenario.items} edges, got ${items}`;
}

function edgeCount(connection: unknown): number {
  if (typeof connection !== 'object' || connection === null) return 0;
  const edges = (connection as Record<string, unknown>)['edges'];
  return Array.isArray(edges) ? edges.length : 0;
}

/** The leading cursors of the unfiltered list, as the gateway issues them. */
export async function fetchCursors(gatewayUrl: string, count: number): Promise<string[]> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ downloads(first: ${count}) { edges { cursor } } }` }),
  });
  const body = (await response.json()) as { data?: { downloads?: { edges?: Array<{ cursor: string }> } } };
  const edges = body.data?.downloads?.edges;
  if (!response.ok || edges === undefined || edges.length < count) throw new Error(`could not read ${count} cursors from the gateway (HTTP ${response.status})`);
  return edges.map((edge) => edge.cursor);
}
