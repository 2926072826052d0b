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
