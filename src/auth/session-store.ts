import { LRUCache } from 'lru-cache';
import { z } from 'zod';

/** A signed-in browser's server-side state. Times are epoch milliseconds. */
export interface Session {
  accessToken: string;
  refreshToken?: string;
  /** The access token's; from `refreshAt` a new one is fetched with the refresh token. */
  refreshAt: number;
  expiresAt: number;
  /** The customer's name as Getty showed it, when known. */
  user?: string;
  createdAt: number;
  lastSeenAt: number;
}

/** A sign-in under way: what the callback must find again for this browser. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  returnTo: string;
}

/**
 * Where sessions and sign-ins under way live, keyed by a digest of the id the browser holds
 * (never the id itself). Entries expire by themselves after `ttlMs`.
 */
export interface ExpiringStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  /** Reads and deletes in one step, so a one-time entry serves once. */
  take(key: string): Promise<T | undefined>;
  delete(key: string): Promise<void>;
}

export type SessionStore = ExpiringStore<Session>;
export type PendingSignInStore = ExpiringStore<PendingSignIn>;

/** One process's store: bounded, the least recently used entry goes first. */
export class MemoryExpiringStore<T extends object> implements ExpiringStore<T> {
  private readonly entries: LRUCache<string, T>;

  constructor(maxEntries: number, now: () => number = Date.now) {
    // lru-cache reads `performance.now()` unless given a clock; the gateway's clock keeps expiry testable.
    this.entries = new LRUCache<string, T>({ max: maxEntries, ttlAutopurge: false, perf: { now } });
  }

  async get(key: string): Promise<T | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: Math.max(1, ttlMs) });
  }

  async take(key: string): Promise<T | undefined> {
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

/** The shapes a shared store's text must have; anything else counts as absent. */
const SESSION_SCHEMA = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  refreshAt: z.number(),
  expiresAt: z.number(),
  user: z.string().optional(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
});

const PENDING_SIGN_IN_SCHEMA = z.object({ state: z.string().min(1), codeVerifier: z.string().min(43), returnTo: z.string().startsWith('/') });

export function parseSession(value: unknown): Session | undefined {
  const parsed = SESSION_SCHEMA.safeParse(value);
  if (!parsed.success) return undefined;
  const { refreshToken, user, ...rest } = parsed.data;
  return { ...rest, ...(refreshToken === undefined ? {} : { refreshToken }), ...(user === undefined ? {} : { user }) };
}

export function parsePendingSignIn(value: unknown): PendingSignIn | undefined {
  const parsed = PENDING_SIGN_IN_SCHEMA.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
