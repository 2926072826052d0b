import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayContext } from './context.js';

/**
 * Runs a Getty call with the request's token (one lookup per request, through the
 * loader). When Getty refuses the service account's token before its expiry, the call is
 * tried once more with a new one instead of failing until the old one would have expired.
 * A caller's own token is never replaced: its refusal is the caller's to see.
 */
export async function withAccessToken<T>(context: GatewayContext, call: (accessToken: string) => Promise<T>): Promise<T> {
  const accessToken = await context.loaders.token.load(context.credentialKey);
  try {
    return await call(accessToken);
  } catch (error) {
    const refused = error instanceof GatewayError && error.code === ErrorCode.Unauthenticated;
    if (!refused || context.replaceRejectedToken === undefined) throw error;
    context.log.warn('Getty refused the service account token before its expiry; retrying once with a new token');
    return call(await context.replaceRejectedToken(accessToken));
  }
}
