/** Getty's per-token queries-per-second limit: at most `limit` accepted calls in any 1 s window. */

interface Window { times: number[]; next: number }

export class QpsLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limit: number) {}

  /** Records the call and says whether it is allowed; refused calls do not use up the budget. */
  allow(accessToken: string, nowMs: number): boolean {
    let window = this.windows.get(accessToken);
    if (window === undefined) {
      window = { times: [], next: 0 };
      this.windows.set(accessToken, window);
    }
    if (window.times.length < this.limit) {
      window.times.push(nowMs);
      return true;
    }
    // times is a ring of the last `limit` accepted calls; `next` points at the oldest.
    const oldest = window.times[window.next] ?? 0;
    if (nowMs - oldest < 1000) return false;
    window.times[window.next] = nowMs;
    window.next = (window.next + 1) % this.limit;
    return true;
  }
}
