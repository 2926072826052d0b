import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/layers/', import.meta.url));
const depcruise = `${root}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`;

/** dependency-cruiser with the project's own rules, on the fixture tree (test/fixtures/layers/src). */
function cruiseFixtures(outputType: 'json' | 'err') {
  return run(process.execPath, [depcruise, 'src', '--config', `${root}.dependency-cruiser.js`, '--output-type', outputType], { cwd: fixtures });
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('the layer rules (.dependency-cruiser.js)', () => {
  it('report an upward import, a cycle, the sandbox importing the gateway and a framework in the domain, and nothing else', async () => {
    const { stdout } = await cruiseFixtures('json');
    const { summary } = JSON.parse(stdout) as { summary: { violations: Violation[] } };
    const found = summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to.replace(/^.*node_modules\//, 'node_modules/')}`);
    expect(found.sort()).toEqual([
      'domain-framework-free: src/domain/uses-fastify.ts → node_modules/fastify/fastify.js',
      'domain-not-upward: src/domain/reaches-up.ts → src/graphql/resolver.ts',
      'no-circular: src/getty/ping.ts → src/getty/pong.ts',
      'sandbox-standalone: src/sandbox/peeks.ts → src/domain/page-size.ts',
    ]);
  });

  it('fail the command `npm run lint` runs', async () => {
    const failure = await cruiseFixtures('err').then(
      () => undefined,
      (error: unknown) => error as { code: number; stdout: string },
    );
    expect(failure?.code).toBe(4);
    expect(failure?.stdout).toContain('4 dependency violations');
  });
});
