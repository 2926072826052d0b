import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import type { GatewayProcess } from '../gateway-process.js';
import { matrixScenario } from '../scenarios.js';
import type { ScenarioContext } from '../scenarios.js';
import { loadSchema } from '../selection.js';
import { TokenCycle } from '../token-cycle.js';

const gateway = (url: string): GatewayProcess => ({
  url,
  counters: () => Promise.reject(new Error('not started')),
  metricsReading: () => Promise.resolve(undefined),
  usage: () => ({ cpuMs: 0, rssMb: 0 }),
  loggedProblems: { count: 0, first: [] },
  stop: () => Promise.resolve(),
});

const context = (overrides: Partial<ScenarioContext> = {}): ScenarioContext => ({
  schema: loadSchema(fileURLToPath(new URL('../..', import.meta.url))),
  sandboxUrl: 'http://127.0.0.1:1',
  gateway: gateway('http://127.0.0.1:2'),
  ownGateways: new Map([
    ['f', gateway('http://127.0.0.1:3')],
    ['g', gateway('http://127.0.0.1:4')],
  ]),
  directHeaders: {},
  directCallers: ['Bearer d1', 'Bearer d2'],
  gatewayCallers: ['Bearer g1', 'Bearer g2'],
  distinctCallers: new TokenCycle(['Bearer t1', 'Bearer t2', 'Bearer t3']),
  cursors: [],
  ...overrides,
});

describe('bench cells (e)-(g)', () => {
  it('(e) sends (b)’s request with the next token of the pool on every request', () => {
    const [b, e] = [matrixScenario('b', context()), matrixScenario('e', context())];
    expect(e.request).toEqual(b.request);
    expect(e.perRequestCallers?.next()).toBe('Bearer t1');
    expect(e.perRequestCallers?.next()).toBe('Bearer t2');
    expect(b.perRequestCallers).toBeUndefined();
  });

  it('(f) is served by the gateway with the response cache on, and needs it', () => {
    const f = matrixScenario('f', context());
    expect(f.request.url).toBe('http://127.0.0.1:3/graphql');
    expect(f.gateway?.url).toBe('http://127.0.0.1:3');
    expect(() => matrixScenario('f', context({ ownGateways: new Map() }))).toThrow(/response cache on/);
  });

  it('(g) sends one token on every connection, so identical requests can share a call', () => {
    expect(matrixScenario('g', context()).callers).toEqual(['Bearer g1']);
    expect(matrixScenario('g', context({ gatewayCallers: [] })).callers).toEqual([]);
  });

  it('(g) is served by a gateway of its own, not the one (b)-(e) ran on, and needs it', () => {
    const g = matrixScenario('g', context());
    expect(g.request.url).toBe('http://127.0.0.1:4/graphql');
    expect(g.gateway?.url).toBe('http://127.0.0.1:4');
    expect(matrixScenario('e', context()).gateway?.url).toBe('http://127.0.0.1:2');
    expect(() => matrixScenario('g', context({ ownGateways: new Map() }))).toThrow(/of its own/);
  });
});

describe('token cycle', () => {
  it('hands the pool out in turn, wrapping around, and counts', () => {
    const cycle = new TokenCycle(['x', 'y']);
    expect([cycle.next(), cycle.next(), cycle.next()]).toEqual(['x', 'y', 'x']);
    expect(cycle.count).toBe(3);
    expect(cycle.size).toBe(2);
    expect(() => new TokenCycle([])).toThrow();
  });
});
