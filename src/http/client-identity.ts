import { hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ClientKeys } from '../auth/client-keys.js';

/** The browser session cookie: `__Host-` over https, the plain name over http (where `__Host-` cannot be set). */
const SESSION_COOKIES = ['__Host-gateway-session', 'gateway-session'];

/**
 * The session a request is signed in with, as a digest of its cookie (never the id itself).
 * Sign-in owns sessions: this should answer only for a session its store knows, so a made-up
 * cookie falls back to the caller's address instead of opening a fresh rate window.
 */
export function sessionIdentity(cookieHeader: string | undefined): string | undefined {
  for (const part of cookieHeader?.split(';') ?? []) {
    const separator = part.indexOf('=');
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (separator > 0 && value !== '' && SESSION_COOKIES.includes(name)) return hash('sha256', value, 'base64url');
  }
  return undefined;
}

/**
 * Who a request counts against in the per-client limit: its session, else its gateway client
 * key (only a configured one, so random keys cannot open windows), else its IP address.
 */
export function clientIdentity(request: FastifyRequest, keys: ClientKeys): string {
  const session = sessionIdentity(request.headers.cookie);
  if (session !== undefined) return `session:${session}`;
  const key = request.headers['x-gateway-key'];
  const keyDigest = typeof key === 'string' ? keys.match(key) : undefined;
  if (keyDigest !== undefined) return `key:${keyDigest}`;
  return `ip:${request.ip}`;
}
