import { createHash } from 'node:crypto';
import type { ServiceAccount } from '../config/env.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Grant, IssuedToken, OAuthClient } from './oauth-client.js';
import type { StoredToken, TokenStore } from './token-store.js';

/** What the wiring hears (logs, metrics); never a token or the account's name. */
export interface TokenEvents {
  issued(grant: Grant['grant_type'], expiresInSeconds: number): void;
  grantFailed(grant: Grant['grant_type'], error: unknown): void;
  /** A renewal ended: `ok`, `kept_old` (failed, the still valid token was used) or `failed`. */
  renewed(outcome: 'ok' | 'kept_old' | 'failed'): void;
  renewalFailedUsingOld(error: unknown): void;
}

/**
 * Tokens of the configured service account: reused from the store until shortly before
 * they expire, then renewed by one call however many requests need one at that moment.
 */
export class ServiceAccountTokens {
  /** The store key: a digest, so a shared store never holds a username or secret in its keys. */
  readonly key: string;
  private renewal: Promise<string> | undefined;

  constructor(
    private readonly store: TokenStore,
    private readonly oauth: OAuthClient,
    private readonly account: ServiceAccount,
    clientId: string,
    private readonly events: TokenEvents,
    private readonly now: () => number = Date.now,
  ) {
    const identity = account.grant === 'password' ? account.username : account.refreshToken;
    this.key = `getty-token:${createHash('sha256').update(`${clientId}\n${identity}`).digest('hex').slice(0, 24)}`;
  }

  /** Whether a token that has not expired is in the store: readiness asks. */
  async inHand(): Promise<boolean> {
    const [entry] = await this.store.getMany([this.key]);
    return entry !== undefined && this.now() < entry.expiresAt;
  }

  /** Fetches a token ahead of the first request, so that request does not wait for it. */
  async warmUp(): Promise<void> {
    const [token] = await this.tokensFor([this.key]);
    if (token instanceof Error) throw token;
  }

  /**
   * Getty refused `rejected` before its expiry (revoked, or Getty lost it): a new token,
   * fetched once however many requests were refused together.
   */
  async replaceRejected(rejected: string): Promise<string> {
    const [entry] = await this.store.getMany([this.key]);
    if (entry !== undefined && entry.accessToken !== rejected && this.now() < entry.refreshAt) return entry.accessToken;
    return this.renewOnce(entry?.refreshToken, undefined);
  }

  /** Answers a whole DataLoader batch with one store lookup. */
  async tokensFor(keys: readonly string[]): Promise<Array<string | Error>> {
    const entries = await this.store.getMany(keys);
    return Promise.all(
      keys.map((key, index) => (key === this.key ? this.usable(entries[index]) : Promise.resolve(unknownKey()))),
    );
  }

  private usable(entry: StoredToken | undefined): Promise<string> {
    if (entry !== undefined && this.now() < entry.refreshAt) return Promise.resolve(entry.accessToken);
    return this.renewOnce(entry?.refreshToken, entry);
  }

  private renewOnce(refreshToken: string | undefined, stillValid: StoredToken | undefined): Promise<string> {
    this.renewal ??= this.renew(refreshToken, stillValid).finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  private async renew(refreshToken: string | undefined, stillValid: StoredToken | undefined): Promise<string> {
    let issued: IssuedToken;
    try {
      issued = await this.issue(refreshToken);
    } catch (error) {
      // A token endpoint outage should not fail requests while the old token still works.
      if (stillValid !== undefined && this.now() < stillValid.expiresAt) {
        this.events.renewed('kept_old');
        this.events.renewalFailedUsingOld(error);
        return stillValid.accessToken;
      }
      this.events.renewed('failed');
      throw error;
    }
    this.events.renewed('ok');
    const lifetimeMs = issued.expiresInSeconds * 1000;
    const issuedAt = this.now();
    const nextRefreshToken = issued.refreshToken ?? refreshToken;
    const token: StoredToken = {
      accessToken: issued.accessToken,
      expiresAt: issuedAt + lifetimeMs,
      refreshAt: issuedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 10),
      ...(nextRefreshToken === undefined ? {} : { refreshToken: nextRefreshToken }),
    };
    await this.store.set(this.key, token);
    return token.accessToken;
  }

  /** A refresh token from an earlier grant is cheaper for Getty; the password grant is the fallback. */
  private async issue(refreshToken: string | undefined): Promise<IssuedToken> {
    const { account } = this;
    if (account.grant === 'refresh_token') {
      return this.grant({ grant_type: 'refresh_token', refresh_token: refreshToken ?? account.refreshToken });
    }
    if (refreshToken !== undefined) {
      try {
        return await this.grant({ grant_type: 'refresh_token', refresh_token: refreshToken });
      } catch (error) {
        if (!(error instanceof GatewayError) || error.code !== ErrorCode.Unauthenticated) throw error;
      }
    }
    return this.grant({ grant_type: 'password', username: account.username, password: account.password });
  }

  private async grant(grant: Grant): Promise<IssuedToken> {
    let issued: IssuedToken;
    try {
      issued = await this.oauth.issue(grant);
    } catch (error) {
      this.events.grantFailed(grant.grant_type, error);
      throw error;
    }
    this.events.issued(grant.grant_type, issued.expiresInSeconds);
    return issued;
  }
}

function unknownKey(): Error {
  return new GatewayError(ErrorCode.InternalServerError, 'No service account is configured under this key');
}
