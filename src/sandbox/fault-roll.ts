/** Turns the configured fault rates into a fault (or none) for one request. */
import type { Random } from './prng.js';
import type { FaultOptions, ScriptedFault } from './types.js';

const TOO_MANY: ScriptedFault = { kind: 'status', status: 429 };
const SERVER_ERROR: ScriptedFault = { kind: 'status', status: 500 };
const HANG: ScriptedFault = { kind: 'hang' };
const GARBAGE: ScriptedFault = { kind: 'garbage' };

/** One draw per request, and none while all rates are 0, so a seed gives a reproducible sequence. */
export function rollFault(faults: FaultOptions, random: Random): ScriptedFault | undefined {
  const { rate429, rate500, hangRate, garbageRate } = faults;
  if (rate429 + rate500 + hangRate + garbageRate === 0) return undefined;
  const roll = random();
  if (roll < rate429) return TOO_MANY;
  if (roll < rate429 + rate500) return SERVER_ERROR;
  if (roll < rate429 + rate500 + hangRate) return HANG;
  if (roll < rate429 + rate500 + hangRate + garbageRate) return GARBAGE;
  return undefined;
}
