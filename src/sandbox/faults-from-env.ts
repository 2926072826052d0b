/** Reads fault settings from SANDBOX_* environment variables, failing loudly on bad values. */
import { DEFAULT_FAULTS, faultAccepts, faultValueProblem, type FaultKey } from './fault-options.js';
import type { FaultOptions } from './types.js';

/** The fault variables, each defined once; docs/configuration.md is generated from these. */
export interface FaultVariable {
  name: string;
  key: FaultKey;
  default: number;
  accepts: string;
  /** One line for docs/configuration.md. */
  meaning: string;
}

const faultVariable = (name: string, key: FaultKey, meaning: string): FaultVariable => ({
  name,
  key,
  default: DEFAULT_FAULTS[key],
  accepts: faultAccepts(key),
  meaning,
});

export const FAULT_VARIABLES: ReadonlyArray<FaultVariable> = [
  faultVariable('SANDBOX_LATENCY_MS', 'latencyMs', 'latency added to every `/v3/downloads` answer'),
  faultVariable('SANDBOX_RATE_429', 'rate429', 'share of answers that are 429 (Getty-like: no `Retry-After`)'),
  faultVariable('SANDBOX_RATE_500', 'rate500', 'share of answers that are 500'),
  faultVariable('SANDBOX_HANG_RATE', 'hangRate', 'share of requests never answered'),
  faultVariable('SANDBOX_GARBAGE_RATE', 'garbageRate', 'share of answers that are 200 with a body that is not JSON'),
];

export function faultsFromEnv(env: NodeJS.ProcessEnv): Partial<FaultOptions> {
  const faults: Partial<FaultOptions> = {};
  for (const { name, key } of FAULT_VARIABLES) {
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
