import type { ServiceAccountAccess } from '../config/env.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { ClientKeys } from './client-keys.js';

/** Whether a request without a token of its own may act as the service account. */
export type Admission = { admitted: true } | { admitted: false; error: GatewayError };

/**
 * Guards the service account: a request without a bearer token or session is admitted with a
 * configured client key, or when the operator has let anonymous requests in. A key that is
 * presented but unknown is refused even then, so a typo or a revoked key shows at once.
 */
export class ServiceAccountGuard {
  readonly keys: ClientKeys;

  constructor(private readonly access: ServiceAccountAccess) {
    this.keys = new ClientKeys(access.clientKeyDigests);
  }

  admit(clientKey: string | undefined): Admission {
    if (clientKey !== undefined) {
      return this.keys.match(clientKey) === undefined ? { admitted: false, error: unknownKey() } : { admitted: true };
    }
    return this.access.anonymous ? { admitted: true } : { admitted: false, error: anonymousRefused() };
  }
}

function unknownKey(): GatewayError {
  return new GatewayError(
    ErrorCode.Unauthenticated,
    'The X-Gateway-Key header is not a key this gateway accepts: check the key, or ask its operator to add its SHA-256 digest to GATEWAY_CLIENT_KEY_DIGESTS.',
  );
}

function anonymousRefused(): GatewayError {
  return new GatewayError(
    ErrorCode.Unauthenticated,
    'This request carries no credential: send `Authorization: Bearer <Getty access token>`, sign in at /auth/login (browsers), ' +
      'or, for a server-side client, send the gateway client key you were given in `X-Gateway-Key`.',
  );
}
