import { inspect } from 'node:util';
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

/** What a paced run saw: 200s and everything else. */
export interface PacedLoadResult {
  okResponses: number;
  otherStatuses: number;
  errors: number;
}

/**
 * `perSecond` requests a second over `connections` for `seconds`: a fixed rate rather than as
 * fast as answers come back, so two processes compared serve the same work per second and
 * their CPU per request does not drift with how much throughput each happened to get.
 */
export function runPacedLoad(scenario: Scenario, connections: number, perSecond: number, seconds: number): Promise<PacedLoadResult> {
  let okResponses = 0;
  let otherStatuses = 0;
  return new Promise((resolve, reject) => {
    const { url, method, headers, body } = scenario.request;
    const instance = autocannon(
      { url, method, headers, ...(body === undefined ? {} : { body }), connections, overallRate: perSecond, duration: seconds, timeout: 10 },
      (error: unknown, result) => {
        if (error !== null && error !== undefined) return reject(error instanceof Error ? error : new Error(inspect(error)));
        resolve({ okResponses, otherStatuses, errors: result.errors });
      },
    );
    instance.on('response', (_client, statusCode) => {
      if (statusCode === 200) okResponses += 1;
      else otherStatuses += 1;
    });
  });
}
