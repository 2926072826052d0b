import type { Reservation } from '../../getty/budget/departure-window.js';
import { departureIntervalMs } from '../../getty/budget/pacing.js';
import type { SharedWindow } from '../failover-window.js';
import type { RedisConnection } from './connection.js';

/**
 * The budget on Redis, atomically and on Redis's own clock (so instance clocks do not matter):
 * departures evenly spaced `interval` apart, as in LocalDepartureWindow, which keeps every
 * sliding window at the budget without bursts. The key holds the earliest instant the next
 * departure may leave; a slot is booked only if it is at most `maxWait` away.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local departAt = math.max(now + tonumber(ARGV[3]), tonumber(redis.call('GET', KEYS[1]) or '0'))
local wait = departAt - now
if wait > maxWait then return {0, tostring(wait)} end
redis.call('SET', KEYS[1], tostring(departAt + interval), 'PX', math.ceil(wait + interval) + 1000)
return {1, tostring(wait)}
`;

/** The API key's budget across every instance. Throws when Redis fails; FailoverDepartureWindow catches that. */
export class RedisDepartureWindow implements SharedWindow {
  private readonly key: string;
  private readonly intervalMs: number;

  constructor(
    private readonly redis: RedisConnection,
    readonly perSecond: number,
  ) {
    this.key = redis.key('budget:next-departure');
    this.intervalMs = departureIntervalMs(perSecond);
  }

  async reserve(maxWaitMs: number, notBeforeMs = 0): Promise<Reservation> {
    const sentAt = performance.now();
    const reply = await this.redis.script(RESERVE, [this.key], [this.intervalMs, maxWaitMs, notBeforeMs]);
    // The wait counts from when the script ran, about half the round trip ago: counting it from
    // the reply would make every departure late by that much, and unevenly so under load.
    const elapsedMs = (performance.now() - sentAt) / 2;
    // Lua numbers become integers on the way out, so the wait comes back as a string.
    if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'string') {
      throw new Error('unexpected reply from the budget script');
    }
    const waitMs = Math.max(0, Number(reply[1]) - elapsedMs);
    return reply[0] === 1 ? { granted: true, waitMs } : { granted: false, waitMs };
  }
}
