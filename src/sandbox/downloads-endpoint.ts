/** GET /v3/downloads: faults first, then Getty's checks in Getty's order, then a page of records. */
import type { IncomingMessage } from 'node:http';
import type { SandboxDownloadsFilter } from './dataset-types.js';
import type { DownloadPages } from './download-pages.js';
import type { DownloadsParamsParser } from './downloads-params.js';
import { replyFault, TOO_MANY_REQUESTS_HEADERS } from './fault-replies.js';
import { rollFault } from './fault-roll.js';
import type { FaultScripts } from './fault-scripts.js';
import { INVALID_TOKEN_CHALLENGE, JSON_TYPE, reply, replyGettyError, replyMessage, type Exchange } from './http-replies.js';
import type { PendingWork } from './pending-work.js';
import type { Random } from './prng.js';
import type { QpsLimiter } from './qps-limiter.js';
import type { SandboxRequestLog } from './request-log.js';
import type { SandboxTokenLedger, TokenSubject } from './token-ledger.js';
import type { FaultOptions } from './types.js';

export interface DownloadsEndpointDeps {
  apiKey: string;
  tokens: SandboxTokenLedger;
  /** The API key's QPS limit; undefined when none is configured. */
  qps: QpsLimiter | undefined;
  parseParams: DownloadsParamsParser;
  pages: DownloadPages;
  /** Usernames whose account may list company downloads. */
  companyEnabledUsers: ReadonlySet<string>;
  now: () => Date;
  /** `YYYY-MM-DD` of a moment, memoized: it changes once a day. */
  today: (now: Date) => string;
  faults: () => FaultOptions;
  scripts: FaultScripts;
  random: Random;
  pending: PendingWork;
  log: SandboxRequestLog;
}

interface Caller {
  accessToken: string | undefined;
  subject: TokenSubject | undefined;
}

const INVALID_TOKEN_HEADERS = { 'www-authenticate': INVALID_TOKEN_CHALLENGE };

export function createDownloadsEndpoint(deps: DownloadsEndpointDeps): (ex: Exchange, params: URLSearchParams) => void {
  return (ex, params) => {
    deps.log.count('downloads');
    const caller = identifyCaller(ex.req, deps.tokens);
    const bearerUser = caller.subject?.username;
    if (typeof bearerUser === 'string') ex.record.bearerUser = bearerUser;
    // Getty counts a call against its key as it arrives, before anything else about it is looked at.
    if (ex.req.headers['api-key'] === deps.apiKey && deps.qps?.allow(deps.now().getTime()) === false) {
      return replyMessage(ex, 429, TOO_MANY_REQUESTS_HEADERS);
    }

    const faults = deps.faults();
    const fault = deps.scripts.take('downloads') ?? rollFault(faults, deps.random);
    if (fault?.kind === 'hang') return deps.pending.hold(ex.res);
    const answer = fault === undefined || fault.kind === 'latency' ? () => answerDownloads(deps, ex, params, caller) : () => replyFault(ex, 'downloads', fault);
    const delay = faults.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
    if (delay > 0) deps.pending.after(delay, answer);
    else answer();
  };
}

function identifyCaller(req: IncomingMessage, tokens: SandboxTokenLedger): Caller {
  const authorization = req.headers.authorization;
  if (authorization === undefined || authorization.slice(0, 7).toLowerCase() !== 'bearer ') {
    return { accessToken: undefined, subject: undefined };
  }
  const accessToken = authorization.slice(7).trim();
  return { accessToken, subject: tokens.resolve(accessToken) };
}

function answerDownloads(deps: DownloadsEndpointDeps, ex: Exchange, params: URLSearchParams, caller: Caller): void {
  if (ex.req.headers['api-key'] !== deps.apiKey) return replyMessage(ex, 401);
  const { accessToken, subject } = caller;
  if (accessToken === undefined || subject === undefined) return replyMessage(ex, 401, INVALID_TOKEN_HEADERS);
  const now = deps.now();
  // An application-only token has no customer, hence no downloads.
  if (subject.username === null) return replyMessage(ex, 403);

  const parsed = deps.parseParams(params, deps.today(now));
  if (!parsed.ok) return replyGettyError(ex, parsed.errorCode, parsed.message);
  const { page, pageSize, company, from, to, productType } = parsed.request;
  if (company && !deps.companyEnabledUsers.has(subject.username)) return replyMessage(ex, 403);

  const filter: SandboxDownloadsFilter = { username: subject.username, company, from, to, productType };
  const matching = deps.pages.matching(filter);
  const total = matching.records.length;
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  if (page > lastPage) {
    return replyGettyError(ex, 'InvalidPage', `page must be less than or equal to ${lastPage}, results count ${total}`);
  }
  reply(ex, 200, JSON_TYPE, deps.pages.body(matching, page, pageSize));
}
