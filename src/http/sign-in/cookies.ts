import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * The browser's two cookies. Over https they carry the `__Host-` prefix, which browsers accept
 * only with Secure, Path=/ and no Domain, so no sibling subdomain can set or shadow them; over
 * plain http (the sandbox on localhost) that prefix is impossible, hence the bare names.
 */
export interface SignInCookies {
  /** The session id, after sign-in. */
  session: string;
  /** The pre-login id, from /auth/login to /auth/callback: binds `state` and the PKCE verifier to this browser. */
  login: string;
  secure: boolean;
}

export function signInCookies(secure: boolean): SignInCookies {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}gateway-session`, login: `${prefix}gateway-login`, secure };
}

/**
 * HttpOnly: no script reads them. SameSite=Lax: sent on the top-level navigation back from
 * Getty's page, never on cross-site subrequests or POSTs.
 */
export function cookieOptions(cookies: SignInCookies, maxAgeSeconds: number): CookieSerializeOptions {
  return { httpOnly: true, secure: cookies.secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds };
}
