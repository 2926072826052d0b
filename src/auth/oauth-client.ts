import type { Got } from 'got';
import { forCustomer, TOKEN_ENDPOINT } from '../getty/budget/customers.js';
import { classifyUpstreamError, upstreamBadResponse } from '../getty/errors.js';

export type Grant =
  | { grant_type: 'password'; username: string; password: string }
  | { grant_type: 'refresh_token'; refresh_token: string }
  | { grant_type: 'authorization_code'; code: string; redirect_uri: string; code_verifier: string };

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken: string | undefined;
}

/**
 * Getty's OAuth2 token endpoint (form-encoded POST), for the configured service account and
 * browser sign-in. Its calls draw from the API key's budget as one customer of their own.
 */
export class OAuthClient {
  constructor(
    private readonly http: Got,
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  async issue(grant: Grant): Promise<IssuedToken> {
    let text: string;
    try {
      text = await this.http
        .post(this.tokenUrl, {
          form: { ...grant, client_id: this.clientId, client_secret: this.clientSecret },
          ...forCustomer(TOKEN_ENDPOINT),
        })
        .text();
    } catch (error) {
      throw classifyUpstreamError(error, 'token');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw upstreamBadResponse('a token answer that is not JSON');
    }
    return parseTokenAnswer(body);
  }
}

/** `expires_in` has been seen as a string ("1800"), so both forms are accepted. */
export function parseTokenAnswer(body: unknown): IssuedToken {
  if (typeof body !== 'object' || body === null) throw upstreamBadResponse('a token answer that is not a JSON object');
  const answer = body as Record<string, unknown>;
  const expiresIn = typeof answer.expires_in === 'string' ? Number(answer.expires_in) : answer.expires_in;
  if (typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw upstreamBadResponse('a token answer without access_token');
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw upstreamBadResponse('a token answer without a valid expires_in');
  }
  return {
    accessToken: answer.access_token,
    expiresInSeconds: expiresIn,
    refreshToken: typeof answer.refresh_token === 'string' && answer.refresh_token !== '' ? answer.refresh_token : undefined,
  };
}
