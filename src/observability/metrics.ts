import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BreakerState } from '../getty/breaker.js';
import type { UpstreamObserver } from '../getty/upstream-observer.js';
import type { Grant } from '../auth/oauth-client.js';
import type { TokenLookup } from '../auth/token-loader.js';
import type { GraphQLRequestFacts, RequestObserver } from '../graphql/request-observer.js';
import { OperationNames } from './operation-names.js';

/** Most distinct operation names kept as label values; the rest count as `other`. */
export const OPERATION_NAME_LIMIT = 100;

/**
 * How often the event-loop lag is sampled. Each sample is a timer that wakes an idle loop, and a
 * wake-up is dear on a virtual machine: prom-client's default (10 ms) cost a lightly loaded
 * gateway more CPU than recording every request's metrics. Lag is still measured to the
 * nanosecond; only the samples are fewer.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half-open', 'open'];

export interface MetricsSources {
  breakerState: () => BreakerState;
  /** 1 when /readyz would answer 200. */
  ready: () => Promise<boolean>;
  /** Redis (when configured) and the Getty calls per second the API key's budget allows (0 = off). */
  sharedState: () => { redis?: 'up' | 'down'; budgetPerSecond: number };
}

/**
 * The gateway's Prometheus metrics (prom-client), in a registry of its own per gateway so
 * several gateways in one process (tests) never share or clash. Lower layers report through
 * the observer interfaces this object implements; none of them imports prom-client.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly upstream: UpstreamObserver;
  readonly requests: RequestObserver;
  private readonly names = new OperationNames(OPERATION_NAME_LIMIT);
  private readonly tokenGrants: Counter<'grant' | 'outcome'>;
  private readonly tokenRenewals: Counter<'outcome'>;
  private readonly signIns: Counter<'outcome'>;
  private readonly sessionRefreshes: Counter<'outcome'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });

    const graphqlRequests = new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL operations answered, by operation name (first 100 names seen, then `other`), type and outcome (`ok` or the first error code)',
      labelNames: ['operation', 'type', 'outcome'] as const,
      registers,
    });
    const graphqlDuration = new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL operation to sending its response',
      labelNames: ['operation', 'type'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const fetchesPerRequest = new Histogram({
      name: 'gateway_graphql_getty_fetches_per_request',
      help: 'Distinct Getty pages one GraphQL operation needed (before the cache and coalescing)',
      buckets: [0, 1, 2, 3, 5, 10, 20, 50],
      registers,
    });
    const tokenLookups = new Counter({
      name: 'gateway_token_lookups_total',
      help: 'Per-request token lookups, by source (bearer, service-account, rejected) and outcome',
      labelNames: ['source', 'outcome'] as const,
      registers,
    });
    this.tokenGrants = new Counter({
      name: 'gateway_token_grants_total',
      help: "Calls to Getty's token endpoint for the service account, by grant type and outcome",
      labelNames: ['grant', 'outcome'] as const,
      registers,
    });
    this.tokenRenewals = new Counter({
      name: 'gateway_token_renewals_total',
      help: 'Service-account token renewals, by outcome (ok, kept_old, failed)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.signIns = new Counter({
      name: 'gateway_sign_ins_total',
      help: 'Browser sign-in callbacks, by outcome (ok or the SIGN_IN_* code; error for anything else)',
      labelNames: ['outcome'] as const,
      registers,
    });
    this.sessionRefreshes = new Counter({
      name: 'gateway_session_refreshes_total',
      help: "Refreshes of signed-in browsers' Getty tokens, by outcome (ok, kept_old, ended, failed)",
      labelNames: ['outcome'] as const,
      registers,
    });
    const gettyCalls = new Counter({
      name: 'gateway_getty_calls_total',
      help: 'HTTP exchanges with Getty (every attempt), by endpoint and outcome (status class, 429, or network error code)',
      labelNames: ['endpoint', 'outcome'] as const,
      registers,
    });
    const gettyDuration = new Histogram({
      name: 'gateway_getty_call_duration_seconds',
      help: 'Duration of one HTTP exchange with Getty',
      labelNames: ['endpoint'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const retries = new Counter({
      name: 'gateway_getty_retries_total',
      help: 'Getty attempts that failed and were retried, by endpoint and reason (status class, 429, or error code)',
      labelNames: ['endpoint', 'reason'] as const,
      registers,
    });
    new Gauge({
      name: 'gateway_breaker_state',
      help: 'The circuit breaker in front of Getty: 1 for the current state, 0 for the others',
      labelNames: ['state'] as const,
      registers,
      collect() {
        const current = sources.breakerState();
        for (const state of BREAKER_STATES) this.set({ state }, state === current ? 1 : 0);
      },
    });
    const breakerTransitions = new Counter({
      name: 'gateway_breaker_transitions_total',
      help: 'Circuit breaker state changes, by the state entered',
      labelNames: ['to'] as const,
      registers,
    });
    const cache = new Counter({
      name: 'gateway_cache_lookups_total',
      help: 'Response-cache lookups: hit (fresh), miss, stale (served past its TTL because Getty failed)',
      labelNames: ['result'] as const,
      registers,
    });
    const coalesced = new Counter({
      name: 'gateway_getty_coalesced_calls_total',
      help: 'Getty calls not made because an identical call was already in flight',
      registers,
    });
    const shaperWait = new Histogram({
      name: 'gateway_shaper_wait_seconds',
      help: 'How long calls waited for their turn under the per-credential rate',
      buckets: [0, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    const shaperWaiting = new Gauge({
      name: 'gateway_shaper_waiting_calls',
      help: 'Calls waiting for their turn now',
      registers,
    });
    const refusals = new Counter({
      name: 'gateway_shaper_refusals_total',
      help: 'Calls refused (UPSTREAM_RATE_LIMITED) because they would have waited longer than UPSTREAM_QUEUE_MS',
      registers,
    });
    new Gauge({
      name: 'gateway_getty_budget_calls_per_second',
      help: "Getty calls per second the API key's budget allows (0 = shaping off)",
      registers,
      collect() {
        this.set(sources.sharedState().budgetPerSecond);
      },
    });
    new Gauge({
      name: 'gateway_redis_up',
      help: '1 while Redis (REDIS_URL) answers, 0 while the gateway runs on its in-process fallback; absent without Redis',
      registers,
      collect() {
        const { redis } = sources.sharedState();
        if (redis !== undefined) this.set(redis === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'gateway_ready',
      help: '1 when /readyz answers 200, else 0',
      registers,
      async collect() {
        this.set((await sources.ready()) ? 1 : 0);
      },
    });
    // Every label value exists from the start, so rates and alerts see zeros, not gaps.
    for (const state of BREAKER_STATES) breakerTransitions.inc({ to: state }, 0);
    for (const result of ['hit', 'miss', 'stale']) cache.inc({ result }, 0);
    for (const outcome of ['ok', 'kept_old', 'failed']) this.tokenRenewals.inc({ outcome }, 0);
    for (const outcome of ['ok', 'kept_old', 'ended', 'failed']) this.sessionRefreshes.inc({ outcome }, 0);
    this.signIns.inc({ outcome: 'ok' }, 0);
    coalesced.inc(0);
    refusals.inc(0);

    this.upstream = {
      attempt: (endpoint, outcome, seconds) => {
        gettyCalls.inc({ endpoint, outcome });
        gettyDuration.observe({ endpoint }, seconds);
      },
      retry: (endpoint, reason) => retries.inc({ endpoint, reason }),
      breakerChanged: (state) => breakerTransitions.inc({ to: state }),
      cache: (result) => cache.inc({ result }),
      coalesced: () => coalesced.inc(),
      shaperWaited: (seconds) => shaperWait.observe(seconds),
      shaperQueue: (delta) => shaperWaiting.inc(delta),
      shaperRefused: () => refusals.inc(),
    };
    this.requests = {
      ended: (facts: GraphQLRequestFacts) => {
        const operation = this.names.label(facts.operationName);
        graphqlRequests.inc({ operation, type: facts.operationType, outcome: facts.outcome });
        graphqlDuration.observe({ operation, type: facts.operationType }, facts.seconds);
        fetchesPerRequest.observe(facts.gettyFetches);
      },
      tokenLookup: (lookup: TokenLookup) => tokenLookups.inc({ source: lookup.source, outcome: lookup.outcome }),
    };
  }

  tokenGrant(grant: Grant['grant_type'], outcome: string): void {
    this.tokenGrants.inc({ grant, outcome });
  }

  tokenRenewal(outcome: string): void {
    this.tokenRenewals.inc({ outcome });
  }

  signIn(outcome: string): void {
    this.signIns.inc({ outcome });
  }

  sessionRefresh(outcome: string): void {
    this.sessionRefreshes.inc({ outcome });
  }

  /** The exposition text and its content type, for GET /metrics. */
  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
