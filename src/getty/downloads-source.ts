import { ErrorCode, GatewayError } from '../errors.js';
import type { UpstreamBreaker } from './breaker.js';
import type { CallerAuth, GettyClient } from './client.js';
import { Coalescer } from './coalescer.js';
import { credentialId } from './credential-id.js';
import { credentialsRefused } from './errors.js';
import type { DownloadsPage } from './records.js';
import { RefusedTokens } from './refused-tokens.js';
import type { ResponseCache } from './response-cache.js';
import { NO_UPSTREAM_OBSERVER } from './upstream-observer.js';
import type { UpstreamObserver } from './upstream-observer.js';

export interface SourcedPage {
  page: DownloadsPage;
  /** Served from the cache past its TTL because Getty failed. */
  stale: boolean;
}

/** Getty failures a stale page may stand in for; never auth or input errors. */
const STALE_STANDS_IN_FOR = new Set<string>([ErrorCode.UpstreamUnavailable, ErrorCode.UpstreamTimeout, ErrorCode.UpstreamRateLimited, ErrorCode.UpstreamBadResponse]);

/**
 * Upstream pages through the process-wide protections, outermost first: tokens Getty just
 * refused, the response cache (when on), coalescing of identical in-flight calls, the circuit breaker, then the
 * client (whose got hook queues each attempt for its turn in the API key's budget).
 */
export class DownloadsSource {
  private readonly coalescer: Coalescer<DownloadsPage>;
  private readonly refused = new RefusedTokens();

  constructor(
    private readonly client: GettyClient,
    private readonly breaker: UpstreamBreaker,
    private readonly cache: ResponseCache | undefined,
    private readonly observer: UpstreamObserver = NO_UPSTREAM_OBSERVER,
  ) {
    this.coalescer = new Coalescer<DownloadsPage>(() => observer.coalesced());
  }

  async fetch(search: string, auth: CallerAuth): Promise<SourcedPage> {
    const credential = credentialId(auth.accessToken);
    if (this.refused.has(credential)) throw credentialsRefused();
    const key = `${credential}\n${auth.acceptLanguage ?? ''}\n${search}`;
    const cached = await this.cache?.get(key);
    if (cached?.fresh === true) {
      this.observer.cache('hit');
      return { page: cached.page, stale: false };
    }
    if (this.cache !== undefined) this.observer.cache('miss');
    try {
      const page = await this.coalescer.run(key, () => this.call(key, search, auth, credential));
      return { page, stale: false };
    } catch (error) {
      if (cached !== undefined && error instanceof GatewayError && STALE_STANDS_IN_FOR.has(error.code)) {
        this.observer.cache('stale');
        return { page: cached.page, stale: true };
      }
      throw error;
    }
  }

  private async call(key: string, search: string, auth: CallerAuth, credential: string): Promise<DownloadsPage> {
    let page: DownloadsPage;
    try {
      page = await this.breaker.fire(() => this.client.downloads(search, auth, credential));
    } catch (error) {
      // The breaker fails calls without making them; the log still says which endpoint.
      if (error instanceof GatewayError) error.upstreamCall ??= this.client.downloadsCall;
      if (error instanceof GatewayError && error.code === ErrorCode.Unauthenticated) this.refused.add(credential);
      throw error;
    }
    await this.cache?.set(key, page);
    return page;
  }
}
