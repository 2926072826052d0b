import { hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ClientKeys } from '../auth/client-keys.js';

/** The browser session cookie: `__Host-` over https, the plain name over http (where `__Host-` cannot be set). */
const SESSION_COOKIES = ['__Host-gateway-session', 'gateway-session'];

/** The session cookie's value (a session id, or anything a client made up), read from the raw header. */
export function sessionCookieValue(cookieHeader: string | undefined): string | undefined {
  for (const part of cookieHeader?.split(';') ?? []) {
    const separator = part.indexOf('=');
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (separator > 0 && value !== '' && SESSION_COOKIES.includes(name)) return value;
  }
  return undefined;
}

/** Whether a session id is live; `undefined` when browser sign-in is off. */
export type LiveSession = ((id: string) => Promise<boolean>) | undefined;

/**
 * Who a request counts against in the per-client limit: its session (only a live one, as a
 * digest of its id), else its gateway client key (only a configured one), else its IP address.
 * Made-up cookies and keys therefore cannot open fresh windows. A session store that fails
 * counts the request against its address rather than failing it.
 */
export async function clientIdentity(request: FastifyRequest, keys: ClientKeys, liveSession: LiveSession): Promise<string> {
  const id = sessionCookieValue(request.headers.cookie);
  if (id !== undefined && liveSession !== undefined && (await liveSession(id).catch(() => false))) return `session:${hash('sha256', id, 'base64url')}`;
  const key = request.headers['x-gateway-key'];
  const keyDigest = typeof key === 'string' ? keys.match(key) : undefined;
  if (keyDigest !== undefined) return `key:${keyDigest}`;
  return `ip:${request.ip}`;
}
