import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { configurationReference } from '../../scripts/config-reference.js';
import { readConfig } from '../../src/config/env.js';
import { VARIABLES } from '../../src/config/variables.js';
import { FAULT_VARIABLES, faultsFromEnv } from '../../src/sandbox/index.js';

/** The names a reader looks up, with GETTY_API_KEY set or not. */
function namesRead(read: (env: NodeJS.ProcessEnv) => unknown, gettyApiKey: string | undefined): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy<NodeJS.ProcessEnv>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') seen.add(name);
        return name === 'GETTY_API_KEY' ? gettyApiKey : undefined;
      },
    },
  );
  read(env);
  return seen;
}

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` generates from the definitions', () => {
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(configurationReference());
  });

  it('covers every variable readConfig reads, in sandbox and in Getty mode, and no other', () => {
    const read = new Set([...namesRead(readConfig, undefined), ...namesRead(readConfig, 'key')]);
    expect([...read].sort()).toEqual(Object.keys(VARIABLES).sort());
  });

  it('covers every fault variable the sandbox reads', () => {
    expect([...namesRead(faultsFromEnv, undefined)].sort()).toEqual(FAULT_VARIABLES.map(({ name }) => name).sort());
  });

  it('shows each definition: name, default, accepted values and meaning', () => {
    const page = configurationReference();
    expect(page).toContain('| `GRAPHQL_MAX_DEPTH` | `8` | whole number, 1 to 100 | deepest selection (introspection exempt) |');
    expect(page).toContain('| `PLAYGROUND` | `true` (`false` with `NODE_ENV=production`) | `true`, `false`, `1`, `0` |');
    expect(page).toContain('| `SANDBOX_RATE_500` | `0` | a number between 0 and 1 (a share of requests) | share of answers that are 500 |');
  });
});
