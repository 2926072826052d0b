import type { Reservation } from '../../getty/budget/departure-window.js';
import { departureIntervalMs } from '../../getty/budget/pacing.js';
import type { SharedWindow } from '../failover-window.js';
import type { RedisConnection } from './connection.js';
import { ClockOffset } from './clock-offset.js';
import { MEMBER_FOR_MS, membershipKeys, SHARING_FOR_MS } from './heartbeat.js';

/**
 * The budget on Redis, atomically and on Redis's own clock (so instance clocks do not matter):
 * departures evenly spaced, as in LocalDepartureWindow, which keeps every sliding window at the
 * budget without bursts. The key holds the earliest instant the next departure may leave; a
 * slot is booked only if it is at most `maxWait` away.
 *
 * Redis's pace is the budget × sharing ÷ members (see Heartbeat): the instances not sharing
 * (on their in-process share, or rejoining) each spend at most budget ÷ members outside this
 * schedule, so the schedule leaves them exactly that. With nobody sharing, only rejoining
 * instances book here, each within its own share, so the pace of one share is as good as any.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local members = redis.call('ZCOUNT', KEYS[2], now - tonumber(ARGV[4]), '+inf')
local sharing = redis.call('ZCOUNT', KEYS[3], now - tonumber(ARGV[5]), '+inf')
local interval = tonumber(ARGV[1]) * math.max(members, sharing, 1) / math.max(sharing, 1)
local maxWait = tonumber(ARGV[2])
local departAt = math.max(now + tonumber(ARGV[3]), tonumber(redis.call('GET', KEYS[1]) or '0'))
local wait = departAt - now
if wait > maxWait then return {0, string.format('%.3f', departAt), sharing, members, t[1], t[2]} end
redis.call('SET', KEYS[1], string.format('%.3f', departAt + interval), 'PX', math.ceil(wait + interval) + 1000)
return {1, string.format('%.3f', departAt), sharing, members, t[1], t[2]}
`;

/** The API key's budget across every instance. Throws when Redis fails; FailoverDepartureWindow catches that. */
export class RedisDepartureWindow implements SharedWindow {
  private readonly keys: string[];
  private readonly intervalMs: number;
  /** Redis's pace at the last reservation: the budget once every live instance is sharing. */
  private pace: number;
  /** Where Redis's clock, on which the slots are, stands against this process's. */
  private readonly clock = new ClockOffset();

  constructor(
    private readonly redis: RedisConnection,
    private readonly budget: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.keys = [redis.key('budget:next-departure'), ...membershipKeys(redis)];
    this.intervalMs = departureIntervalMs(budget);
    this.pace = budget;
  }

  get perSecond(): number {
    return this.pace;
  }

  /** Follows the heartbeat's counts between reservations, so /healthz shows the pace in force. */
  observed(sharing: number, members: number): void {
    this.pace = (this.budget * Math.max(sharing, 1)) / Math.max(members, sharing, 1);
  }

  async reserve(maxWaitMs: number, notBeforeMs = 0): Promise<Reservation> {
    const sentAt = this.now();
    const reply = await this.redis.script(RESERVE, this.keys, [this.intervalMs, maxWaitMs, notBeforeMs, MEMBER_FOR_MS, SHARING_FOR_MS]);
    const receivedAt = this.now();
    const { granted, departAt, sharing, members, serverNow } = parseReply(reply);
    this.observed(sharing, members);
    this.clock.observe(serverNow, sentAt, receivedAt);
    if (!granted) return { granted: false, waitMs: departAt - serverNow };
    return { granted: true, waitMs: this.clock.waitUntil(departAt, receivedAt), uncertaintyMs: this.clock.uncertaintyMs };
  }
}

interface Reply {
  granted: boolean;
  /** The slot, on Redis's clock (ms). */
  departAt: number;
  sharing: number;
  members: number;
  /** Redis's clock when the script ran (ms). */
  serverNow: number;
}

/** Lua numbers become integers on the way out, so the instants come back as strings (TIME's seconds and microseconds). */
function parseReply(reply: unknown): Reply {
  if (!Array.isArray(reply) || reply.length !== 6) throw new Error('unexpected reply from the budget script');
  const values: unknown[] = reply;
  const [granted, departAt, sharing, members, seconds, micros] = values;
  if (typeof granted !== 'number' || typeof sharing !== 'number' || typeof members !== 'number') throw new Error('unexpected reply from the budget script');
  const instants = [departAt, seconds, micros].map((value) => (typeof value === 'string' ? Number(value) : Number.NaN));
  if (!instants.every(Number.isFinite)) throw new Error('unexpected reply from the budget script');
  const [slot, whole, fraction] = instants as [number, number, number];
  return { granted: granted === 1, departAt: slot, sharing, members, serverNow: whole * 1000 + fraction / 1000 };
}
