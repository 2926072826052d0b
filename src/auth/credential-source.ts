import { ErrorCode, GatewayError } from '../errors.js';
import type { ServiceAccountGuard } from './service-account-guard.js';
import type { ServiceAccountTokens } from './service-account-tokens.js';
import type { Sessions } from './sessions.js';

/** Where this request's Getty token comes from, decided once from its headers and the config. */
export type CredentialSource =
  | { kind: 'bearer'; token: string }
  | { kind: 'session'; sessionId: string; sessions: Sessions }
  | { kind: 'service-account'; tokens: ServiceAccountTokens }
  | { kind: 'rejected'; error: GatewayError };

/** A browser's session cookie, when browser sign-in is on. */
export interface SessionCredential {
  sessionId: string;
  sessions: Sessions;
}

const BEARER = /^Bearer +([\x21-\x7e]{1,4096}) *$/i;

/** The headers that may carry a credential. */
export interface PresentedCredentials {
  authorization: string | undefined;
  /** `X-Gateway-Key`: a server-side client's key for the service account. */
  clientKey: string | undefined;
}

/**
 * A caller's own Getty token wins and is forwarded as is; without one, a signed-in browser's
 * session (an ended one is refused, never replaced by the service account); without that, the
 * service account, when its guard admits the request (a client key, or anonymous use allowed);
 * without that, a rejection that says how to authenticate. A malformed header is
 * rejected rather than ignored, so a typo never silently runs as the service account.
 */
export function credentialSource(
  presented: PresentedCredentials,
  serviceAccount: ServiceAccountTokens | undefined,
  guard: ServiceAccountGuard,
  session?: SessionCredential,
): CredentialSource {
  const { authorization } = presented;
  if (authorization !== undefined && authorization.trim() !== '') {
    const token = BEARER.exec(authorization)?.[1];
    return token === undefined ? { kind: 'rejected', error: malformedHeader() } : { kind: 'bearer', token };
  }
  if (session !== undefined) return { kind: 'session', ...session };
  if (serviceAccount === undefined) return { kind: 'rejected', error: missingCredential() };
  const admission = guard.admit(presented.clientKey);
  return admission.admitted ? { kind: 'service-account', tokens: serviceAccount } : { kind: 'rejected', error: admission.error };
}

function malformedHeader(): GatewayError {
  return new GatewayError(
    ErrorCode.Unauthenticated,
    "The Authorization header must be `Bearer <Getty access token>`; leave it out to use the gateway's service account.",
  );
}

function missingCredential(): GatewayError {
  return new GatewayError(
    ErrorCode.Unauthenticated,
    'No Getty credential: send `Authorization: Bearer <Getty access token>` (a customer token from ' +
      "Getty's OAuth2 token endpoint), or have the operator configure a service account " +
      '(GETTY_USERNAME/GETTY_PASSWORD or GETTY_REFRESH_TOKEN).',
  );
}
