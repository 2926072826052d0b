import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Scenario } from './scenarios.js';

/** What a paced run saw: 200s and everything else. */
export interface PacedLoadResult {
  okResponses: number;
  otherStatuses: number;
  errors: number;
}

const TIMEOUT_MS = 10_000;

/**
 * Exactly `perSecond × seconds` requests, the i-th sent at i ÷ `perSecond` s, over at most
 * `connections` kept-alive connections, and resolves once every one is answered. Two processes
 * compared so serve the same requests at the same instants: their CPU per request differs only
 * by what each does with a request. (autocannon's `overallRate` refills a bucket each second, so a
 * run can end with an extra second's requests sent at once, and a window's count and burstiness
 * vary by run.)
 */
export async function runPacedLoad(scenario: Scenario, connections: number, perSecond: number, seconds: number): Promise<PacedLoadResult> {
  if (scenario.perRequestCallers !== undefined) throw new Error("the paced load sends its connections' callers, not a token per request");
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(perSecond * seconds);
  const result: PacedLoadResult = { okResponses: 0, otherStatuses: 0, errors: 0 };
  const answers: Promise<void>[] = [];
  const started = performance.now();
  try {
    for (let index = 0; index < total; index += 1) {
      const due = started + (index * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      answers.push(send(scenario, agent, index, result));
    }
    await Promise.all(answers);
  } finally {
    agent.destroy();
  }
  return result;
}

function send(scenario: Scenario, agent: Agent, index: number, result: PacedLoadResult): Promise<void> {
  const { url, method, headers, body } = scenario.request;
  const caller = scenario.callers.length === 0 ? undefined : scenario.callers[index % scenario.callers.length];
  return new Promise((resolve) => {
    const failed = () => {
      result.errors += 1;
      resolve();
    };
    const outgoing = request(url, { method, agent, timeout: TIMEOUT_MS, headers: caller === undefined ? headers : { ...headers, authorization: caller } }, (response) => {
      // A body cut off midway ends with an error here, not on the request.
      response.on('error', failed);
      response.resume();
      response.on('end', () => {
        if (response.statusCode === 200) result.okResponses += 1;
        else result.otherStatuses += 1;
        resolve();
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    outgoing.on('error', failed);
    outgoing.end(body);
  });
}
