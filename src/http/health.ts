import type { BreakerState } from '../getty/breaker.js';
import type { Reachability } from '../getty/client.js';

export interface UpstreamStatus extends Reachability {
  checkedAt: string;
  breaker: BreakerState;
}

/**
 * Upstream reachability for /healthz, cached briefly: probes run every few seconds
 * from every orchestrator replica, and Getty should not see each of them.
 */
export class UpstreamHealth {
  private last: { at: number; status: Omit<UpstreamStatus, 'breaker'> } | undefined;
  private pending: Promise<Omit<UpstreamStatus, 'breaker'>> | undefined;

  constructor(
    private readonly probe: () => Promise<Reachability>,
    private readonly ttlMs: number,
    private readonly breakerState: () => BreakerState,
    private readonly now: () => number = Date.now,
  ) {}

  /** The breaker's state is read live; only the network probe is cached. */
  async current(): Promise<UpstreamStatus> {
    const probed = this.last !== undefined && this.now() - this.last.at < this.ttlMs ? this.last.status : await this.probed();
    return { ...probed, breaker: this.breakerState() };
  }

  private probed(): Promise<Omit<UpstreamStatus, 'breaker'>> {
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh(): Promise<Omit<UpstreamStatus, 'breaker'>> {
    const result = await this.probe();
    const at = this.now();
    const status = { ...result, checkedAt: new Date(at).toISOString() };
    this.last = { at, status };
    return status;
  }
}

/** `ok` when requests can be answered; `degraded` while Getty cannot be reached or the breaker fails calls fast. */
export function healthStatus(upstream: UpstreamStatus): 'ok' | 'degraded' {
  return upstream.reachable !== false && upstream.breaker !== 'open' ? 'ok' : 'degraded';
}
