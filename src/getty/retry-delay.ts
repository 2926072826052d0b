export interface BackoffPolicy {
  baseMs: number;
  maxDelayMs: number;
}

/**
 * The wait before retry `attempt` (1-based), given got's own verdict: 0 from got means the
 * call must not be retried (limit, method or status). A Retry-After that got accepted is
 * honoured as sent; otherwise the delay doubles per attempt with "equal jitter" (half
 * fixed, half random) so that many clients failing together do not retry in step.
 */
export function retryDelay(
  policy: BackoffPolicy,
  verdict: { attemptCount: number; computedValue: number; retryAfter?: number | undefined },
  random: () => number = Math.random,
): number {
  if (verdict.computedValue === 0) return 0;
  if (verdict.retryAfter !== undefined) return verdict.retryAfter <= policy.maxDelayMs ? Math.max(1, verdict.retryAfter) : 0;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** (verdict.attemptCount - 1));
  return Math.max(1, Math.round(ceiling / 2 + (random() * ceiling) / 2));
}
