/**
 * Getty's queries-per-second limit, which is per API key: at most `limit` accepted calls in any
 * 1 s window, whatever token, endpoint or grant they carry.
 */
export class QpsLimiter {
  /** A ring of the last `limit` accepted calls' times; `next` points at the oldest. */
  private readonly times: number[] = [];
  private next = 0;

  constructor(private readonly limit: number) {}

  /** Records the call and says whether it is allowed; refused calls do not use up the budget. */
  allow(nowMs: number): boolean {
    if (this.times.length < this.limit) {
      this.times.push(nowMs);
      return true;
    }
    const oldest = this.times[this.next] ?? 0;
    if (nowMs - oldest < 1000) return false;
    this.times[this.next] = nowMs;
    this.next = (this.next + 1) % this.limit;
    return true;
  }
}
