import type { Reachability } from '../getty/client.js';

export interface UpstreamStatus extends Reachability {
  checkedAt: string;
}

/**
 * Upstream reachability for /healthz, cached briefly: probes run every few seconds
 * from every orchestrator replica, and Getty should not see each of them.
 */
export class UpstreamHealth {
  private last: { at: number; status: UpstreamStatus } | undefined;
  private pending: Promise<UpstreamStatus> | undefined;

  constructor(
    private readonly probe: () => Promise<Reachability>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<UpstreamStatus> {
    if (this.last !== undefined && this.now() - this.last.at < this.ttlMs) return Promise.resolve(this.last.status);
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh(): Promise<UpstreamStatus> {
    const result = await this.probe();
    const at = this.now();
    const status = { ...result, checkedAt: new Date(at).toISOString() };
    this.last = { at, status };
    return status;
  }
}
