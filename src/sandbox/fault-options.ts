/** Fault option defaults and validation, shared by startSandbox and faultsFromEnv. */
import type { FaultOptions } from './types.js';

const DEFAULT_FAULTS: Readonly<FaultOptions> = {
  latencyMs: 0, rate429: 0, rate500: 0, hangRate: 0, garbageRate: 0,
};

export type FaultKey = keyof FaultOptions;

const FAULT_KEYS: ReadonlyArray<FaultKey> = ['latencyMs', 'rate429', 'rate500', 'hangRate', 'garbageRate'];

/** Why a value is unacceptable, or undefined when it is fine. */
export function faultValueProblem(key: FaultKey, value: number): string | undefined {
  if (key === 'latencyMs') {
    return Number.isFinite(value) && value >= 0 ? undefined : 'a number of milliseconds >= 0';
  }
  return Number.isFinite(value) && value >= 0 && value <= 1 ? undefined : 'a number between 0 and 1 (a share of requests)';
}

export function resolveFaults(partial: Partial<FaultOptions> = {}): FaultOptions {
  const faults: FaultOptions = { ...DEFAULT_FAULTS, ...partial };
  for (const key of FAULT_KEYS) {
    const problem = faultValueProblem(key, faults[key]);
    if (problem !== undefined) throw new Error(`faults.${key} must be ${problem}, got ${String(faults[key])}`);
  }
  return faults;
}
