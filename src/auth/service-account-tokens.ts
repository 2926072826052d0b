import { createHash } from 'node:crypto';
import type { ServiceAccount } from '../config/env.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Grant, IssuedToken, OAuthClient } from './oauth-client.js';
import { ProcessRefreshLock } from './refresh-lock.js';
import type { RefreshLock } from './refresh-lock.js';
import type { StoredToken, TokenStore } from './token-store.js';

/** What the wiring hears (logs, metrics); never a token or the account's name. */
export interface TokenEvents {
  issued(grant: Grant['grant_type'], expiresInSeconds: number): void;
  grantFailed(grant: Grant['grant_type'], error: unknown): void;
  /** A renewal ended: `ok`, `kept_old` (failed, the still valid token was used) or `failed`. */
  renewed(outcome: 'ok' | 'kept_old' | 'failed'): void;
  renewalFailedUsingOld(error: unknown): void;
}

/** Longer than a token call may take (its timeout and retries), so the lock outlives a live renewal. */
const LOCK_TTL_MS = 15_000;
/** How often an instance waiting for another's renewal looks in the store. */
const POLL_MS = 100;

/**
 * Tokens of the configured service account: reused from the store until shortly before
 * they expire, then renewed by one call however many requests need one at that moment:
 * in this process by sharing one promise, across processes by the refresh lock, whose
 * holder renews while the others wait for its token to appear in the store.
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
    private readonly lock: RefreshLock = new ProcessRefreshLock(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
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
    const replaces = (candidate: StoredToken) => candidate.accessToken !== rejected && this.now() < candidate.refreshAt;
    if (entry !== undefined && replaces(entry)) return entry.accessToken;
    return this.renewOnce(entry?.refreshToken, undefined, replaces);
  }

  /** Answers a whole DataLoader batch with one store lookup. */
  async tokensFor(keys: readonly string[]): Promise<Array<string | Error>> {
    const entries = await this.store.getMany(keys);
    return Promise.all(keys.map((key, index) => (key === this.key ? this.usable(entries[index]) : Promise.resolve(unknownKey()))));
  }

  private usable(entry: StoredToken | undefined): Promise<string> {
    if (entry !== undefined && this.isFresh(entry)) return Promise.resolve(entry.accessToken);
    return this.renewOnce(entry?.refreshToken, entry, this.isFresh);
  }

  private readonly isFresh = (entry: StoredToken): boolean => this.now() < entry.refreshAt;

  /** `good` says whether a token in the store makes this renewal unnecessary (another instance renewed it). */
  private renewOnce(refreshToken: string | undefined, stillValid: StoredToken | undefined, good: (entry: StoredToken) => boolean): Promise<string> {
    this.renewal ??= this.renewUnderLock(refreshToken, stillValid, good).finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  private async renewUnderLock(refreshToken: string | undefined, stillValid: StoredToken | undefined, good: (entry: StoredToken) => boolean): Promise<string> {
    for (;;) {
      const lock = await this.lock.tryAcquire(this.key, LOCK_TTL_MS);
      if (lock !== undefined) {
        try {
          // The previous holder may have stored a token between our read and the lock.
          const [current] = await this.store.getMany([this.key]);
          if (current !== undefined && good(current)) return current.accessToken;
          return await this.renew(current?.refreshToken ?? refreshToken, current ?? stillValid);
        } finally {
          await lock.release();
        }
      }
      // Another instance is renewing: the current token serves until then, if it still works.
      if (stillValid !== undefined && this.now() < stillValid.expiresAt) return stillValid.accessToken;
      const renewed = await this.awaitRenewal(good);
      if (renewed !== undefined) return renewed;
    }
  }

  /** The lock holder's token, once it is in the store; `undefined` when the lock expired without one. */
  private async awaitRenewal(good: (entry: StoredToken) => boolean): Promise<string | undefined> {
    const giveUpAt = this.now() + LOCK_TTL_MS;
    while (this.now() < giveUpAt) {
      await this.sleep(POLL_MS);
      const [current] = await this.store.getMany([this.key]);
      if (current !== undefined && good(current)) return current.accessToken;
    }
    return undefined;
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
