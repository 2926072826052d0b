/** Reads fault settings from SANDBOX_* environment variables, failing loudly on bad values. */
import { faultValueProblem, type FaultKey } from './fault-options.js';
import type { FaultOptions } from './types.js';

const ENV_NAMES: ReadonlyArray<readonly [string, FaultKey]> = [
  ['SANDBOX_LATENCY_MS', 'latencyMs'],
  ['SANDBOX_RATE_429', 'rate429'],
  ['SANDBOX_RATE_500', 'rate500'],
  ['SANDBOX_HANG_RATE', 'hangRate'],
  ['SANDBOX_GARBAGE_RATE', 'garbageRate'],
];

export function faultsFromEnv(env: NodeJS.ProcessEnv): Partial<FaultOptions> {
  const faults: Partial<FaultOptions> = {};
  for (const [name, key] of ENV_NAMES) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    // Number('') and Number(' ') are 0, hence the empty check above; Number('abc') is NaN.
    const value = Number(raw);
    const problem = faultValueProblem(key, value);
    if (problem !== undefined) throw new Error(`${name} must be ${problem}, got "${raw}"`);
    faults[key] = value;
  }
  return faults;
}
