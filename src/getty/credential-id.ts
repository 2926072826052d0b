import { hash } from 'node:crypto';

/**
 * A stand-in for an access token in process-wide keys (rate windows, coalescing, cache):
 * a digest, so no key ever holds a token, and two customers never share an entry.
 */
export function credentialId(accessToken: string): string {
  return hash('sha256', accessToken, 'base64url');
}
