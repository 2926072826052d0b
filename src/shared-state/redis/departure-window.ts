import type { Reservation } from '../../getty/budget/departure-window.js';
import type { SharedWindow } from '../failover-window.js';
import type { RedisConnection } from './connection.js';

/**
 * The sliding window on Redis, atomically: a sorted set of departure times (Redis's own
 * clock, so instance clocks do not matter). A slot is the earliest instant at which fewer
 * than `limit` departures fall in the window ending there; it is booked only if it is at most
 * `maxWait` away. Departures may be booked in the future, so the set is read by score.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local departAt = now
if count >= limit then
  local bound = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
  departAt = math.max(now, tonumber(bound[2]) + window)
end
local wait = departAt - now
if wait > maxWait then return {0, wait} end
redis.call('ZADD', KEYS[1], departAt, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window + maxWait + 1000)
return {1, wait}
`;

/** Books a departure this instance already made under its in-process share, so the others count it. */
const RECORD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

/** The API key's budget across every instance. Throws when Redis fails; FailoverDepartureWindow catches that. */
export class RedisDepartureWindow implements SharedWindow {
  private sequence = 0;
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    /** At most this many departures in any window. */
    readonly perSecond: number,
    private readonly windowMs: number,
    private readonly instanceId: string,
  ) {
    this.key = redis.key('budget:departures');
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const reply = await this.redis.script(RESERVE, [this.key], [this.perSecond, this.windowMs, Math.floor(maxWaitMs), this.member()]);
    if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
      throw new Error('unexpected reply from the budget script');
    }
    return reply[0] === 1 ? { granted: true, waitMs: reply[1] } : { granted: false, waitMs: reply[1] };
  }

  async record(waitMs: number): Promise<void> {
    await this.redis.script(RECORD, [this.key], [Math.ceil(waitMs), this.member(), this.windowMs * 3]);
  }

  /** Unique per departure: a sorted set holds each member once. */
  private member(): string {
    this.sequence += 1;
    return `${this.instanceId}:${this.sequence}`;
  }
}
