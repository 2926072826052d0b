import type { ServiceAccountGuard } from '../auth/service-account-guard.js';
import type { ServiceAccountTokens } from '../auth/service-account-tokens.js';
import type { Sessions } from '../auth/sessions.js';
import { credentialSource } from '../auth/credential-source.js';
import { createTokenLoader, credentialKey } from '../auth/token-loader.js';
import type { TokenLoader } from '../auth/token-loader.js';
import { utcDay } from '../domain/downloads/filter.js';
import type { UnknownValueReporter } from '../domain/downloads/mapping.js';
import type { GettyClient } from '../getty/client.js';
import { createDownloadsLoader } from '../getty/downloads-loader.js';
import type { DownloadsSource } from '../getty/downloads-source.js';
import type { DownloadsLoader } from '../getty/downloads-loader.js';
import type { RequestLog } from '../logging/logger.js';
import type { Span } from '../tracing/tracer.js';
import type { GatewayCounters } from './counters.js';
import type { PageRead } from './rendered-answers.js';
import type { RequestObserver } from './request-observer.js';

export interface GatewayContext {
  readonly requestId: string;
  readonly log: RequestLog;
  /** The request's span: its steps (token lookup, Getty calls) are children of it. */
  readonly trace: Span;
  /** The key this request's token is loaded under (`loaders.token.load(credentialKey)`). */
  readonly credentialKey: string;
  readonly loaders: {
    readonly token: TokenLoader;
    readonly downloads: DownloadsLoader;
  };
  /** Today's UTC date when the request arrived: one value for the whole request. */
  readonly today: string;
  /** The caller's `Accept-Language`, bounded; Getty localizes some values by it. */
  readonly acceptLanguage: string | undefined;
  /** Whether the HTTP request is a batch, whose operations share this context. */
  readonly batched: boolean;
  /** Every page the request read, in the order it read them. */
  readonly pagesRead: PageRead[];
  readonly reportUnknownValue: UnknownValueReporter;
  /** For the service account only: a new token after Getty refused `rejected`. */
  readonly replaceRejectedToken: ((rejected: string) => Promise<string>) | undefined;
  /** Set when a page was served stale from the cache; the response then says so. */
  readonly freshness: { stale: boolean };
  /** What this request cost upstream, for metrics. */
  readonly usage: { gettyFetches: number };
}

/** What every request's context is built from: made once at start-up. */
export interface ContextDeps {
  client: GettyClient;
  downloads: DownloadsSource;
  serviceAccount: ServiceAccountTokens | undefined;
  /** Who may act as the service account without a token of their own. */
  serviceAccountGuard: ServiceAccountGuard;
  /** Browser sessions; `undefined` when sign-in is off, and session cookies are ignored. */
  sessions?: Sessions | undefined;
  counters: GatewayCounters;
  observer: RequestObserver;
  now: () => Date;
}

/** What the HTTP layer knows about one request. */
export interface RequestFacts {
  requestId: string;
  log: RequestLog;
  trace: Span;
  authorization: string | undefined;
  /** `X-Gateway-Key`. */
  clientKey: string | undefined;
  /** The session cookie's value, when the browser sent one. */
  sessionId?: string | undefined;
  acceptLanguage: string | undefined;
  /** The body is a batch of operations. */
  batched: boolean;
}

const MAX_ACCEPT_LANGUAGE = 256;

export function createContext(deps: ContextDeps, facts: RequestFacts): GatewayContext {
  const { counters, client } = deps;
  const freshness = { stale: false };
  const usage = { gettyFetches: 0 };
  const pagesRead: PageRead[] = [];
  counters.graphqlRequests += 1;
  const session = deps.sessions !== undefined && facts.sessionId !== undefined ? { sessionId: facts.sessionId, sessions: deps.sessions } : undefined;
  const source = credentialSource(facts, deps.serviceAccount, deps.serviceAccountGuard, session);
  const acceptLanguage = facts.acceptLanguage?.slice(0, MAX_ACCEPT_LANGUAGE);
  return {
    requestId: facts.requestId,
    log: facts.log,
    trace: facts.trace,
    credentialKey: credentialKey(source),
    loaders: {
      token: createTokenLoader(
        source,
        (lookup) => {
          counters.tokenLookups += 1;
          deps.observer.tokenLookup(lookup);
        },
        facts.trace,
      ),
      downloads: createDownloadsLoader(
        deps.downloads,
        (query) => client.search(query),
        { acceptLanguage, requestId: facts.requestId, trace: facts.trace },
        {
          onCall: () => {
            counters.upstreamCalls += 1;
            usage.gettyFetches += 1;
          },
          onStale: () => {
            freshness.stale = true;
          },
          onPage: ({ accessToken, query }, page) => {
            pagesRead.push({ accessToken, query, page });
          },
        },
      ),
    },
    replaceRejectedToken: source.kind === 'service-account' ? (rejected) => source.tokens.replaceRejected(rejected) : undefined,
    today: utcDay(deps.now()),
    acceptLanguage,
    batched: facts.batched,
    pagesRead,
    freshness,
    usage,
    reportUnknownValue: (field, value) => facts.log.warn({ field, value: value.slice(0, 100) }, 'Getty sent a value this schema does not know; served as null'),
  };
}
