import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, GatewayError } from '../errors.js';
import type { IssuedToken, OAuthClient } from './oauth-client.js';
import { ProcessRefreshLock } from './refresh-lock.js';
import type { RefreshLock } from './refresh-lock.js';
import type { Session, SessionStore } from './session-store.js';

export interface SessionLifetimes {
  idleMs: number;
  maxAgeMs: number;
}

/** What the wiring hears (logs, metrics); never a token or a session id. */
export interface SessionEvents {
  refreshed(outcome: 'ok' | 'kept_old' | 'ended' | 'failed'): void;
}

/** Longer than a token call may take (its timeout and retries), so the lock outlives a live refresh. */
const LOCK_TTL_MS = 15_000;
const POLL_MS = 100;
/** lastSeenAt is written at most this often per session: a request need not cost a store write. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Browser sessions: a random 256-bit id the browser holds in a cookie, and the customer's Getty
 * tokens in the store under a digest of that id. The access token is refreshed shortly before
 * it expires, once per session however many requests need it: in this process by sharing one
 * promise, across processes by the refresh lock.
 */
export class Sessions {
  private readonly refreshes = new Map<string, Promise<string>>();

  constructor(
    private readonly store: SessionStore,
    private readonly oauth: OAuthClient,
    private readonly lifetimes: SessionLifetimes,
    private readonly events: SessionEvents,
    private readonly now: () => number = Date.now,
    private readonly lock: RefreshLock = new ProcessRefreshLock(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** A new session for freshly issued tokens; the id is returned once, for the cookie, and kept nowhere. */
  async create(issued: IssuedToken, user: string | undefined): Promise<{ id: string; session: Session }> {
    const id = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = { ...tokenTimes(issued, now), createdAt: now, lastSeenAt: now, ...(user === undefined ? {} : { user }) };
    await this.store.set(sessionKey(id), session, this.ttl(session, now));
    return { id, session };
  }

  /** The live session for a cookie's id, or undefined when it is unknown or past a lifetime. Counts as activity. */
  async find(id: string): Promise<Session | undefined> {
    const key = sessionKey(id);
    const session = await this.store.get(key);
    const now = this.now();
    if (session === undefined) return undefined;
    if (this.endsAt(session) <= now) {
      await this.store.delete(key);
      return undefined;
    }
    // A session due for refresh is not touched: the refresh writes it (with lastSeenAt), and a touch
    // racing that write from another request or instance would put the old tokens back.
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS && now < session.refreshAt) {
      const touched = { ...session, lastSeenAt: now };
      await this.store.set(key, touched, this.ttl(touched, now));
      return touched;
    }
    return session;
  }

  /** Whether a cookie's id names a live session; read-only, so asking costs no store write. */
  async isLive(id: string): Promise<boolean> {
    const session = await this.store.get(sessionKey(id));
    return session !== undefined && this.now() < this.endsAt(session);
  }

  /** When the session ends unless used again: the earlier of its idle and absolute ends. */
  endsAt(session: Session): number {
    return Math.min(session.lastSeenAt + this.lifetimes.idleMs, session.createdAt + this.lifetimes.maxAgeMs);
  }

  async end(id: string): Promise<void> {
    await this.store.delete(sessionKey(id));
  }

  /** The session's Getty access token, refreshed first when it is due. */
  async accessToken(id: string): Promise<string> {
    const session = await this.find(id);
    if (session === undefined) throw sessionEnded();
    if (this.now() < session.refreshAt) return session.accessToken;
    const key = sessionKey(id);
    let refresh = this.refreshes.get(key);
    if (refresh === undefined) {
      refresh = this.refreshUnderLock(key, session).finally(() => this.refreshes.delete(key));
      this.refreshes.set(key, refresh);
    }
    return refresh;
  }

  private async refreshUnderLock(key: string, seen: Session): Promise<string> {
    for (;;) {
      const lock = await this.lock.tryAcquire(key, LOCK_TTL_MS);
      if (lock !== undefined) {
        try {
          // Another instance may have refreshed between our read and the lock.
          const current = await this.store.get(key);
          if (current === undefined) throw sessionEnded();
          if (this.now() < current.refreshAt) return current.accessToken;
          return await this.refresh(key, current);
        } finally {
          await lock.release();
        }
      }
      // Another instance is refreshing: the current token serves until then, if it still works.
      if (this.now() < seen.expiresAt) return seen.accessToken;
      const refreshed = await this.awaitRefresh(key);
      if (refreshed !== undefined) return refreshed;
    }
  }

  private async awaitRefresh(key: string): Promise<string | undefined> {
    const giveUpAt = this.now() + LOCK_TTL_MS;
    while (this.now() < giveUpAt) {
      await this.sleep(POLL_MS);
      const current = await this.store.get(key);
      if (current === undefined) throw sessionEnded();
      if (this.now() < current.refreshAt) return current.accessToken;
    }
    return undefined;
  }

  private async refresh(key: string, session: Session): Promise<string> {
    const stillValid = this.now() < session.expiresAt;
    if (session.refreshToken === undefined) {
      if (stillValid) return session.accessToken;
      await this.store.delete(key);
      this.events.refreshed('ended');
      throw sessionEnded();
    }
    let issued: IssuedToken;
    try {
      issued = await this.oauth.issue({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
    } catch (error) {
      const refused = error instanceof GatewayError && error.code === ErrorCode.Unauthenticated;
      if (refused) {
        // Getty revoked the grant: the customer must sign in again.
        await this.store.delete(key);
        this.events.refreshed('ended');
        throw sessionEnded();
      }
      if (stillValid) {
        this.events.refreshed('kept_old');
        return session.accessToken;
      }
      this.events.refreshed('failed');
      throw error;
    }
    const now = this.now();
    const times = tokenTimes(issued, now);
    const refreshed: Session = { ...session, ...times, refreshToken: times.refreshToken ?? session.refreshToken, lastSeenAt: now };
    await this.store.set(key, refreshed, this.ttl(refreshed, now));
    this.events.refreshed('ok');
    return refreshed.accessToken;
  }

  private ttl(session: Session, now: number): number {
    return this.endsAt(session) - now;
  }
}

/** The store key: a digest, so neither a store dump nor a log line holds a usable session id. */
export function sessionKey(id: string): string {
  return `session:${createHash('sha256').update(id).digest('base64url')}`;
}

function tokenTimes(issued: IssuedToken, now: number): Pick<Session, 'accessToken' | 'refreshToken' | 'refreshAt' | 'expiresAt'> {
  const lifetimeMs = issued.expiresInSeconds * 1000;
  return {
    accessToken: issued.accessToken,
    expiresAt: now + lifetimeMs,
    refreshAt: now + lifetimeMs - Math.min(60_000, lifetimeMs / 10),
    ...(issued.refreshToken === undefined ? {} : { refreshToken: issued.refreshToken }),
  };
}

export function sessionEnded(): GatewayError {
  return new GatewayError(ErrorCode.Unauthenticated, 'Your sign-in has ended or is unknown: sign in again at /auth/login.');
}
