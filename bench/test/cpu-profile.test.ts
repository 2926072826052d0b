import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageOf, summarizeProfile } from '../cpu-profile.js';
import { bundleSourcePositions } from '../source-positions.js';
import type { CpuProfile } from '../cpu-profile.js';

const ROOT = '/repo';
const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

/** Samples 10 µs apart from t=1,000 µs; sample i lasts until sample i + 1. */
const profile: CpuProfile = {
  startTime: 1000,
  nodes: [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('executeFields', 'file:///repo/node_modules/graphql/execution/execute.js', 650) },
    { id: 3, callFrame: frame('plan', 'file:///repo/dist/domain/pagination/planner.js', 9) },
    { id: 4, callFrame: frame('(idle)', '') },
    { id: 5, callFrame: frame('(garbage collector)', '') },
  ],
  samples: [2, 2, 3, 4, 5, 2],
  timeDeltas: [10, 10, 10, 10, 10, 10],
};

describe('bench CPU profile summary', () => {
  it('sums self time per function and package, idle apart', () => {
    const summary = summarizeProfile(profile, ROOT, []);
    expect(summary.scope).toBe('whole run');
    expect(summary.idleMs).toBeCloseTo(0.01);
    expect(summary.busyMs).toBeCloseTo(0.04);
    expect(summary.packages.map((entry) => [entry.name, entry.percent])).toEqual([
      ['graphql', 50],
      ['gateway: domain', 25],
      ['(garbage collector)', 25],
    ]);
    expect(summary.functions[0]).toMatchObject({ name: 'executeFields', location: 'node_modules/graphql/execution/execute.js:651' });
  });

  it('keeps only samples inside the measured windows', () => {
    // Samples are stamped 1010, 1020, ... 1060: this window holds the 3rd and 4th.
    const summary = summarizeProfile(profile, ROOT, [{ startUs: 1025, endUs: 1045 }]);
    expect(summary.scope).toBe('measured windows');
    expect(summary.packages.map((entry) => entry.name)).toEqual(['gateway: domain']);
    expect(summary.idleMs).toBeCloseTo(0.01);
  });

  it('falls back to the whole run when no sample is inside a window', () => {
    expect(summarizeProfile(profile, ROOT, [{ startUs: 0, endUs: 5 }]).scope).toBe('whole run');
  });

  it('names packages, scoped ones included, Node modules and the engine', () => {
    expect(packageOf('x', 'file:///r/node_modules/@apollo/server/dist/esm/a.js')).toBe('@apollo/server');
    expect(packageOf('x', 'file:///r/node_modules/a/node_modules/got/dist/b.js')).toBe('got');
    expect(packageOf('x', 'node:internal/streams/readable')).toBe('node:streams');
    expect(packageOf('x', 'node:internal/deps/undici/undici')).toBe('node:deps/undici');
    expect(packageOf('x', 'node:events')).toBe('node:events');
    expect(packageOf('x', 'file:///r/dist/gateway.js')).toBe('gateway: gateway');
    expect(packageOf('stringify', '')).toBe('(V8 built-ins)');
    expect(packageOf('(program)', '')).toBe('(program)');
  });

  it("names the module and line a function of the server bundle came from, through the bundle's source map", () => {
    // The built bundle, as `npm test` leaves it: a sample in the code that prints the banner.
    const bundle = resolve('dist/server/main.js');
    const code = readFileSync(bundle, 'utf8');
    const at = code.indexOf('GraphQL endpoint: ');
    const before = code.slice(0, at);
    const bannerLine = readFileSync('src/startup-banner.ts', 'utf8')
      .split('\n')
      .findIndex((line) => line.includes('GraphQL endpoint: '));
    const bundled: CpuProfile = {
      startTime: 0,
      nodes: [
        {
          id: 1,
          callFrame: { functionName: 'x', url: pathToFileURL(bundle).href, lineNumber: before.split('\n').length - 1, columnNumber: at - before.lastIndexOf('\n') - 1 },
        },
      ],
      samples: [1, 1],
      timeDeltas: [10, 10],
    };
    const root = resolve('.');
    expect(summarizeProfile(bundled, root, []).functions[0]).toMatchObject({
      location: 'dist/server/main.js:' + String(before.split('\n').length),
      package: 'gateway: server',
    });
    expect(summarizeProfile(bundled, root, [], bundleSourcePositions()).functions[0]).toMatchObject({
      location: `src/startup-banner.ts:${bannerLine + 1}`,
      package: 'gateway: startup-banner',
    });
  });
});
