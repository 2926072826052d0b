import fastifyCookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Sessions } from '../../auth/sessions.js';
import { SIGN_IN_TTL_MS, SignInError } from '../../auth/sign-in.js';
import type { SignIn } from '../../auth/sign-in.js';
import { ErrorCode, GatewayError } from '../../errors.js';
import { cookieOptions } from './cookies.js';
import type { SignInCookies } from './cookies.js';
import { safeReturnPath } from './return-path.js';

export interface SignInRoutesOptions {
  /** `undefined`: browser sign-in is off; the routes say so and session cookies are ignored. */
  flow: { signIn: SignIn; sessions: Sessions } | undefined;
  cookies: SignInCookies;
  /** PUBLIC_URL's origin; `undefined`: the origin the request came to (sandbox mode only). */
  publicOrigin: string | undefined;
  /** SESSION_MAX_HOURS: the session cookie lives no longer than the session can. */
  sessionMaxAgeMs: number;
}

const CALLBACK_PATH = '/auth/callback';

/**
 * Browser sign-in, backend-for-frontend style: `/auth/login` sends the browser to Getty's
 * authorize page, `/auth/callback` turns the code into a server-side session, `/auth/session`
 * says who is signed in, `POST /auth/logout` ends it. No token ever reaches the browser.
 * Registers @fastify/cookie for the whole app, so the GraphQL endpoint reads the session cookie.
 */
export const signInRoutes = fp<SignInRoutesOptions>(
  async (app, options) => {
    await app.register(fastifyCookie);
    const { cookies, flow } = options;
    const origin = (request: FastifyRequest) => options.publicOrigin ?? `${request.protocol}://${request.host}`;

    app.get<{ Querystring: { returnTo?: string } }>('/auth/login', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (flow === undefined) return notConfigured(reply);
      const { loginId, location } = await flow.signIn.start(`${origin(request)}${CALLBACK_PATH}`, safeReturnPath(request.query.returnTo));
      reply.setCookie(cookies.login, loginId, cookieOptions(cookies, SIGN_IN_TTL_MS / 1000));
      return reply.redirect(location, 302);
    });

    app.get<{ Querystring: { code?: string; state?: string; error?: string } }>(CALLBACK_PATH, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (flow === undefined) return notConfigured(reply);
      reply.clearCookie(cookies.login, cookieOptions(cookies, 0));
      const { code, state, error } = request.query;
      try {
        const { sessionId, returnTo } = await flow.signIn.finish(
          request.cookies[cookies.login],
          { code: single(code), state: single(state), error: single(error) },
          `${origin(request)}${CALLBACK_PATH}`,
        );
        // A new id at every sign-in: an id planted in this browser before (session fixation) is never the one signed in.
        const previous = request.cookies[cookies.session];
        if (previous !== undefined) await flow.sessions.end(previous);
        reply.setCookie(cookies.session, sessionId, cookieOptions(cookies, Math.floor(options.sessionMaxAgeMs / 1000)));
        return reply.redirect(returnTo, 303);
      } catch (failure) {
        if (failure instanceof SignInError) return signInFailed(request, reply, 400, failure.code, failure.message);
        if (failure instanceof GatewayError)
          return signInFailed(request, reply, failure.code === ErrorCode.UpstreamRateLimited ? 503 : 502, failure.code, failure.message);
        throw failure;
      }
    });

    app.get('/auth/session', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const id = request.cookies[cookies.session];
      const session = flow === undefined || id === undefined ? undefined : await flow.sessions.find(id);
      if (flow === undefined || session === undefined) return { signedIn: false, signInAvailable: flow !== undefined };
      return {
        signedIn: true,
        signInAvailable: true,
        ...(session.user === undefined ? {} : { user: session.user }),
        expiresAt: new Date(flow.sessions.endsAt(session)).toISOString(),
      };
    });

    app.post('/auth/logout', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // SameSite=Lax already keeps the cookie off cross-site POSTs; the Origin check refuses them outright.
      if (request.headers.origin !== origin(request)) {
        return reply
          .code(403)
          .send(jsonError(ErrorCode.Forbidden, "Sign out from the gateway's own pages: a request from another origin (or without an Origin header) is refused."));
      }
      const id = request.cookies[cookies.session];
      if (id !== undefined && flow !== undefined) await flow.sessions.end(id);
      reply.clearCookie(cookies.session, cookieOptions(cookies, 0));
      return reply.code(204).send();
    });
  },
  { name: 'sign-in-routes' },
);

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function notConfigured(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .send(
      jsonError(
        ErrorCode.NotFound,
        "Browser sign-in is off: the operator sets GETTY_AUTHORIZE_URL (Getty's authorize page), PUBLIC_URL and GETTY_API_SECRET to turn it on.",
      ),
    );
}

function jsonError(code: string, message: string): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

/** A browser gets a short page saying what happened and how to try again; other clients the JSON error shape. */
function signInFailed(request: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  reply.code(status);
  if (!(request.headers.accept ?? '').includes('text/html')) return reply.send(jsonError(code, message));
  return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title></head>
<body><main><h1>Sign-in failed</h1><p><code>${escapeHtml(code)}</code>: ${escapeHtml(message)}</p><p><a href="/auth/login">Sign in again</a></p></main></body></html>
`);
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
