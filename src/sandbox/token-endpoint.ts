/** POST /oauth2/token: Getty's OAuth2 grants, with `expires_in` as a string as Getty sends it. */
import type { IncomingMessage } from 'node:http';
import { replyFault, TOO_MANY_REQUESTS_HEADERS } from './fault-replies.js';
import type { FaultScripts } from './fault-scripts.js';
import { replyJson, replyMessage, type Exchange } from './http-replies.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import type { PendingWork } from './pending-work.js';
import type { QpsLimiter } from './qps-limiter.js';
import { readBody } from './read-body.js';
import type { SandboxRequestLog } from './request-log.js';
import type { SandboxTokenLedger } from './token-ledger.js';

export interface TokenEndpointDeps {
  apiKey: string;
  apiSecret: string;
  tokens: SandboxTokenLedger;
  /** One-time codes from the authorize page, for the authorization_code grant. */
  codes: AuthorizationCodes;
  tokenTtlSeconds: number;
  /** The API key's QPS limit, which token requests count against too; undefined when none is configured. */
  qps: QpsLimiter | undefined;
  now: () => Date;
  scripts: FaultScripts;
  pending: PendingWork;
  log: SandboxRequestLog;
}

const NO_STORE = { 'cache-control': 'no-store' };

export function createTokenEndpoint(deps: TokenEndpointDeps): (ex: Exchange) => void {
  return (ex) => {
    deps.log.count('token');
    readBody(ex.req, (body) => {
      if (body === undefined) return replyJson(ex, 400, { error: 'invalid_request' }, NO_STORE);
      const form = new URLSearchParams(body);
      const grantType = form.get('grant_type');
      if (grantType !== null) ex.record.grantType = grantType;
      if (clientCredentials(ex.req, form).id === deps.apiKey && deps.qps?.allow(deps.now().getTime()) === false) {
        return replyMessage(ex, 429, TOO_MANY_REQUESTS_HEADERS);
      }

      const fault = deps.scripts.take('token');
      if (fault === undefined) return grant(deps, ex, form);
      if (fault.kind === 'hang') return deps.pending.hold(ex.res);
      if (fault.kind === 'latency') return deps.pending.after(fault.ms, () => grant(deps, ex, form));
      replyFault(ex, 'token', fault);
    });
  };
}

function grant(deps: TokenEndpointDeps, ex: Exchange, form: URLSearchParams): void {
  const client = clientCredentials(ex.req, form);
  if (client.id !== deps.apiKey || client.secret !== deps.apiSecret) {
    return replyJson(ex, 401, { error: 'invalid_client' }, NO_STORE);
  }
  const expiresIn = String(deps.tokenTtlSeconds);
  switch (form.get('grant_type')) {
    case 'client_credentials': {
      const accessToken = deps.tokens.issueAccessToken({ username: null });
      return replyJson(ex, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }, NO_STORE);
    }
    case 'password': {
      const username = form.get('username') ?? '';
      if (!deps.tokens.checkPassword(username, form.get('password') ?? '')) return invalidGrant(ex);
      return replyUserToken(deps, ex, username, deps.tokens.issueRefreshToken(username));
    }
    case 'refresh_token': {
      const refreshToken = form.get('refresh_token') ?? '';
      const username = deps.tokens.refreshTokenOwner(refreshToken);
      if (username === undefined) return invalidGrant(ex);
      return replyUserToken(deps, ex, username, refreshToken);
    }
    case 'authorization_code': {
      const redeemed = deps.codes.redeem({
        code: form.get('code') ?? '',
        clientId: client.id,
        redirectUri: form.get('redirect_uri') ?? '',
        codeVerifier: form.get('code_verifier') ?? '',
      });
      if (!redeemed.ok) return replyJson(ex, 400, { error: 'invalid_grant', error_description: redeemed.reason }, NO_STORE);
      return replyUserToken(deps, ex, redeemed.username, deps.tokens.issueRefreshToken(redeemed.username));
    }
    default:
      return replyJson(ex, 400, { error: 'unsupported_grant_type' }, NO_STORE);
  }
}

function replyUserToken(deps: TokenEndpointDeps, ex: Exchange, username: string, refreshToken: string): void {
  const accessToken = deps.tokens.issueAccessToken({ username });
  replyJson(
    ex,
    200,
    {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: String(deps.tokenTtlSeconds),
      refresh_token: refreshToken,
    },
    NO_STORE,
  );
}

function invalidGrant(ex: Exchange): void {
  replyJson(ex, 400, { error: 'invalid_grant' }, NO_STORE);
}

/** HTTP Basic auth wins over body parameters, as RFC 6749 prefers it. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams): { id: string | null; secret: string | null } {
  const authorization = req.headers.authorization;
  if (authorization !== undefined && authorization.slice(0, 6).toLowerCase() === 'basic ') {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1) return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

/** RFC 6749 §2.3.1 form-encodes id and secret before Base64; plain values pass through. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
