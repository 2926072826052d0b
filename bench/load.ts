import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

/** What one autocannon run saw, with every 200's latency kept for exact percentiles. */
export interface LoadResult {
  /** Per-response latency of each 200, in fractional milliseconds (autocannon times with hrtime). */
  latenciesMs: number[];
  okResponses: number;
  otherStatuses: number;
  /** Connection errors, timeouts included. */
  errors: number;
  seconds: number;
}

/** Keeps `connections` requests in flight for `seconds`, each connection sending the next as soon as the last is answered. */
export function runLoad(scenario: Scenario, connections: number, seconds: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let otherStatuses = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const { url, method, headers, body } = scenario.request;
    let clients = 0;
    const setupClient = (client: autocannon.Client) => {
      const caller = scenario.callers.length === 0 ? undefined : scenario.callers[clients % scenario.callers.length];
      clients += 1;
      // Merged with `headers` by autocannon when it builds each request.
      if (caller !== undefined) client.setHeaders({ authorization: caller });
    };
    const perRequest = scenario.perRequestCallers;
    // Each request built anew with the next token (autocannon otherwise reuses one request's bytes).
    const requests: autocannon.Request[] | undefined =
      perRequest === undefined ? undefined : [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, authorization: perRequest.next() } }) }];
    const instance = autocannon(
      {
        url,
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(requests === undefined ? { setupClient } : { requests }),
        connections,
        duration: seconds,
        timeout: 10,
      },
      (error: unknown, result) => {
        if (error !== null && error !== undefined) return reject(error instanceof Error ? error : new Error(inspect(error)));
        resolve({
          latenciesMs,
          okResponses: latenciesMs.length,
          otherStatuses,
          errors: result.errors,
          seconds: (performance.now() - started) / 1000,
        });
      },
    );
    // autocannon's own histogram rounds to whole milliseconds; the event carries the exact time.
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (statusCode === 200) latenciesMs.push(responseTimeMs);
      else otherStatuses += 1;
    });
  });
}
