import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisSettings } from '../../config/env.js';
import type { Logger } from '../../logging/logger.js';

/** Every command is bounded: a slow Redis must cost a request this much at most, then the in-process fallback answers. */
export const COMMAND_TIMEOUT_MS = 100;
const CONNECT_TIMEOUT_MS = 1_000;
/** Reconnection keeps trying for ever, at most this far apart, so sharing resumes soon after Redis returns. */
const MAX_RECONNECT_DELAY_MS = 500;

/**
 * One ioredis client per process, with the key prefix and whether Redis is reachable. Commands
 * fail at once while disconnected (no offline queue): callers fall back to in-process state
 * instead of waiting for a reconnection.
 */
export class RedisConnection {
  readonly client: Redis;
  private ready = false;
  /** Set once "unreachable" is logged, so a Redis that stays away is reported once, not per reconnection attempt. */
  private reportedDown = false;
  private readonly readyListeners: Array<() => void> = [];

  constructor(
    private readonly settings: RedisSettings,
    private readonly logger: Logger,
  ) {
    this.client = new Redis(settings.url, {
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_TIMEOUT_MS,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      // ioredis would otherwise retry a failed AUTH or a failover error by reconnecting; it already does that for ever.
      reconnectOnError: () => false,
    });
    this.client.on('ready', () => this.changed(true));
    this.client.on('close', () => this.changed(false));
    // Without a listener ioredis reports every failed reconnection as an unhandled error.
    this.client.on('error', (error: Error) => {
      if (this.ready || this.reportedDown) return;
      this.reportedDown = true;
      this.logger.warn({ redis: this.where, reason: error.message }, 'Redis unreachable: using in-process state and retrying in the background');
    });
  }

  /** Host, port and database only: the URL's password never reaches a log. */
  get where(): string {
    const url = new URL(this.settings.url);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  }

  get up(): boolean {
    return this.ready;
  }

  /** The full key for `name`: the deployment's prefix first. */
  key(name: string): string {
    return `${this.settings.keyPrefix}${name}`;
  }

  /** Resolves once the first connection attempt has succeeded or failed, so start-up knows which state to begin in. */
  firstAttempt(): Promise<void> {
    if (this.ready || this.reportedDown) return Promise.resolve();
    return new Promise((resolve) => {
      this.client.once('ready', () => resolve());
      this.client.once('error', () => resolve());
      this.client.once('close', () => resolve());
    });
  }

  /** Runs a Lua script by its digest, sending its text only when Redis does not have it yet (after a restart). */
  async script(lua: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    const sha = scriptDigest(lua);
    try {
      return await this.client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client.eval(lua, keys.length, ...keys, ...args);
    }
  }

  onClose(listener: () => void): void {
    this.client.on('close', listener);
  }

  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

  async close(): Promise<void> {
    this.ready = false;
    this.client.disconnect(false);
  }

  private changed(ready: boolean): void {
    if (ready === this.ready) return;
    this.ready = ready;
    if (ready) {
      this.reportedDown = false;
      this.logger.info({ redis: this.where }, 'Redis connected: sharing state with other instances');
      for (const listener of this.readyListeners) listener();
    } else {
      this.reportedDown = true;
      this.logger.warn({ redis: this.where }, 'Redis connection lost: using in-process state until it returns');
    }
  }
}

const digests = new Map<string, string>();

function scriptDigest(lua: string): string {
  let sha = digests.get(lua);
  if (sha === undefined) {
    sha = createHash('sha1').update(lua).digest('hex');
    digests.set(lua, sha);
  }
  return sha;
}
