/**
 * What recording one request's metrics costs on its own: a GraphQL operation ended, its token
 * lookup and one Getty call, recorded into a GatewayMetrics registry as the gateway does, timed
 * over many requests by this process's CPU time. No I/O and no collection of defaults: the
 * floor under what bench:metrics measures end to end. Runs from dist/bench/, next to the build.
 */
type MetricsModule = typeof import('../src/observability/metrics.js');

const REQUESTS = 1_000_000;
const WARM_UP = 200_000;

/** CPU microseconds per request spent recording its metrics. */
export async function recordingMicrosPerRequest(): Promise<number> {
  const { GatewayMetrics } = (await import(new URL('../observability/metrics.js', import.meta.url).href)) as MetricsModule;
  const metrics = new GatewayMetrics({ breakerState: () => 'closed', ready: () => Promise.resolve(true), sharedState: () => ({ budgetPerSecond: 5 }) });
  const facts = { operationName: 'Page', operationType: 'query', outcome: 'ok', seconds: 0.002, gettyFetches: 1 };
  const oneRequest = () => {
    metrics.requests.ended(facts);
    metrics.requests.tokenLookup({ source: 'bearer', outcome: 'ok' });
    metrics.upstream.attempt('downloads', '2xx', 0.001);
  };
  for (let index = 0; index < WARM_UP; index += 1) oneRequest();
  const started = process.cpuUsage();
  for (let index = 0; index < REQUESTS; index += 1) oneRequest();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / REQUESTS;
}
