import { DEFAULT_QPS_LIMIT } from './start-sandbox.js';

/** SANDBOX_QPS, defined once; docs/configuration.md is generated from this. */
export const SANDBOX_QPS_VARIABLE = {
  name: 'SANDBOX_QPS',
  default: DEFAULT_QPS_LIMIT,
  accepts: 'whole number, 0 or more',
  meaning:
    'Getty\'s per-API-key limit: calls made with the key (downloads and token requests alike, whatever token they carry) accepted in any 1 s; the rest get Getty\'s answer (429, `{"message":"Too Many Requests"}`, `X-Error-Detail: Account Over Queries Per Second Limit`, no `Retry-After`), each one in the sandbox\'s request log; `0` turns the limit off',
} as const;

/** Reads SANDBOX_QPS, the sandbox's per-API-key limit; undefined when unset, so the default applies. */
export function qpsLimitFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.SANDBOX_QPS?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`SANDBOX_QPS must be a whole number >= 0 (0 turns the limit off), got "${raw}"`);
  }
  return value;
}
