/** Fault option defaults and validation, shared by startSandbox and faultsFromEnv. */
import type { FaultOptions } from './types.js';

export const DEFAULT_FAULTS: Readonly<FaultOptions> = {
  latencyMs: 0,
  rate429: 0,
  rate500: 0,
  hangRate: 0,
  garbageRate: 0,
};

export type FaultKey = keyof FaultOptions;

const FAULT_KEYS: ReadonlyArray<FaultKey> = ['latencyMs', 'rate429', 'rate500', 'hangRate', 'garbageRate'];

/** What a fault setting accepts, in the words of its error messages and of docs/configuration.md. */
export function faultAccepts(key: FaultKey): string {
  return key === 'latencyMs' ? 'a number of milliseconds >= 0' : 'a number between 0 and 1 (a share of requests)';
}

/** Why a value is unacceptable, or undefined when it is fine. */
export function faultValueProblem(key: FaultKey, value: number): string | undefined {
  const fine = key === 'latencyMs' ? Number.isFinite(value) && value >= 0 : Number.isFinite(value) && value >= 0 && value <= 1;
  return fine ? undefined : faultAccepts(key);
}

export function resolveFaults(partial: Partial<FaultOptions> = {}): FaultOptions {
  const faults: FaultOptions = { ...DEFAULT_FAULTS, ...partial };
  for (const key of FAULT_KEYS) {
    const problem = faultValueProblem(key, faults[key]);
    if (problem !== undefined) throw new Error(`faults.${key} must be ${problem}, got ${String(faults[key])}`);
  }
  return faults;
}
