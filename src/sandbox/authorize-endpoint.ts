/**
 * GET/POST /oauth2/authorize: the page where a customer signs in and sends the browser back to
 * the application with a one-time code (RFC 6749 §4.1 with PKCE, RFC 7636). A demo sign-in: the
 * form lists the demo users instead of asking for a password.
 */
import type { AuthorizationCodes } from './authorization-codes.js';
import { reply, type Exchange } from './http-replies.js';
import { readBody } from './read-body.js';

export interface AuthorizeUser {
  username: string;
  displayName: string;
}

export interface AuthorizeEndpointDeps {
  apiKey: string;
  users: ReadonlyArray<AuthorizeUser>;
  codes: AuthorizationCodes;
}

/** A PKCE challenge is BASE64URL(SHA-256): 43 characters. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const HTML_TYPE = 'text/html; charset=utf-8';

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string | null;
  codeChallenge: string;
}

export function createAuthorizeEndpoint(deps: AuthorizeEndpointDeps): { page: (ex: Exchange, params: URLSearchParams) => void; decide: (ex: Exchange) => void } {
  return {
    page: (ex, params) => {
      const request = checkRequest(deps, ex, params);
      if (request !== undefined) reply(ex, 200, HTML_TYPE, signInPage(request, deps.users), pageHeaders(request.redirectUri));
    },
    decide: (ex) => {
      readBody(ex.req, (body) => {
        if (body === undefined) return refusePage(ex, 'The form could not be read.');
        const form = new URLSearchParams(body);
        const request = checkRequest(deps, ex, form);
        if (request === undefined) return;
        if (form.get('decision') === 'cancel') return redirectBack(ex, request, { error: 'access_denied', error_description: 'The customer cancelled the sign-in.' });
        const username = form.get('username') ?? '';
        if (!deps.users.some((user) => user.username === username)) return refusePage(ex, 'Choose one of the listed users.');
        const code = deps.codes.issue({ username, clientId: request.clientId, redirectUri: request.redirectUri, codeChallenge: request.codeChallenge });
        redirectBack(ex, request, { code });
      });
    },
  };
}

/**
 * Without a known client and an absolute redirect URI the page refuses on the spot: redirecting
 * errors to an unverified URI would make it an open redirector (RFC 6749 §4.1.2.1). Once both
 * are sound, other faults go back to the client as `error` parameters.
 */
function checkRequest(deps: AuthorizeEndpointDeps, ex: Exchange, params: URLSearchParams): AuthorizeRequest | undefined {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  if (clientId !== deps.apiKey) return refusePage(ex, 'Unknown client_id.');
  if (!isHttpUrl(redirectUri)) return refusePage(ex, 'The redirect_uri must be an absolute http(s) URL.');
  const state = params.get('state');
  const back = { clientId, redirectUri, state, codeChallenge: '' };
  if (params.get('response_type') !== 'code')
    return redirectBack(ex, back, { error: 'unsupported_response_type', error_description: 'Only response_type=code is supported.' });
  const codeChallenge = params.get('code_challenge') ?? '';
  if (params.get('code_challenge_method') !== 'S256' || !CHALLENGE.test(codeChallenge)) {
    return redirectBack(ex, back, { error: 'invalid_request', error_description: 'PKCE is required: code_challenge with code_challenge_method=S256.' });
  }
  return { ...back, codeChallenge };
}

function redirectBack(ex: Exchange, request: Pick<AuthorizeRequest, 'redirectUri' | 'state'>, answer: Record<string, string>): undefined {
  const target = new URL(request.redirectUri);
  for (const [name, value] of Object.entries(answer)) target.searchParams.set(name, value);
  if (request.state !== null) target.searchParams.set('state', request.state);
  ex.record.status = 302;
  ex.res.writeHead(302, { location: target.toString(), 'cache-control': 'no-store' });
  ex.res.end();
  return undefined;
}

function refusePage(ex: Exchange, reason: string): undefined {
  reply(ex, 400, HTML_TYPE, page('Sign-in refused', `<p>invalid_request: ${escapeHtml(reason)}</p>`), pageHeaders(undefined));
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === '';
  } catch {
    return false;
  }
}

/** The form posts here and the answer redirects to the client: form-action must allow both. */
function pageHeaders(redirectUri: string | undefined): Record<string, string> {
  const formAction = redirectUri === undefined ? "'self'" : `'self' ${new URL(redirectUri).origin}`;
  return {
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
  };
}

function signInPage(request: AuthorizeRequest, users: ReadonlyArray<AuthorizeUser>): string {
  const hidden = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', 'S256'],
    ...(request.state === null ? [] : [['state', request.state]]),
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}">`)
    .join('\n');
  const choices = users
    .map(
      (user, index) =>
        `<div><input type="radio" name="username" id="user-${index}" value="${escapeHtml(user.username)}"${index === 0 ? ' checked' : ''}>` +
        `<label for="user-${index}">${escapeHtml(user.displayName)} (${escapeHtml(user.username)})</label></div>`,
    )
    .join('\n');
  return page(
    'Sign in to the Getty sandbox',
    `<p>An application asks to read your downloads. Sign in as:</p>
<form method="post" action="/oauth2/authorize">
${hidden}
<fieldset><legend>Demo users</legend>
${choices}
</fieldset>
<button type="submit" name="decision" value="allow">Sign in</button>
<button type="submit" name="decision" value="cancel">Cancel</button>
</form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}fieldset{margin:1rem 0}button{margin-right:.5rem;padding:.4rem 1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body>
</html>
`;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
