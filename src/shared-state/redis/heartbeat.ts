import type { RedisConnection } from './connection.js';

/**
 * Announces this instance, on Redis's clock, in two sorted sets of instance ids by last beat:
 * members (every instance that may be spending budget: on Redis, or on its in-process share)
 * and sharing (instances whose every departure is booked on Redis). An instance that is not
 * sharing also writes the members it knew before (NX: known ones keep their time), so a Redis
 * that restarted empty still counts the instances that have not noticed its return yet.
 * Returns the members' ids and how many are sharing.
 */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local memberFor = tonumber(ARGV[2])
local sharingFor = tonumber(ARGV[3])
for i = 5, #ARGV do redis.call('ZADD', KEYS[1], 'NX', now, ARGV[i]) end
redis.call('ZADD', KEYS[1], now, ARGV[1])
if ARGV[4] == '1' then redis.call('ZADD', KEYS[2], now, ARGV[1]) else redis.call('ZREM', KEYS[2], ARGV[1]) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - memberFor)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - sharingFor)
redis.call('PEXPIRE', KEYS[1], memberFor * 2)
redis.call('PEXPIRE', KEYS[2], memberFor * 2)
return {redis.call('ZRANGE', KEYS[1], 0, -1), redis.call('ZCARD', KEYS[2])}
`;

export const HEARTBEAT_EVERY_MS = 1_000;
/**
 * An instance that has not beaten for this long no longer counts as sharing: a few beats, so one
 * slow command does not drop it. Redis's pace counts it as spending its share until then.
 */
export const SHARING_FOR_MS = 3 * HEARTBEAT_EVERY_MS;
/**
 * An instance silent for this long no longer counts as a member: it has stopped (a crash) or is
 * cut off from Redis on its own while the others are not, the one case the budget cannot cover.
 */
export const MEMBER_FOR_MS = 15_000;

/** Who is spending the key's budget, as Redis saw it at a beat. */
export interface Membership {
  /** Ids of the instances that may be spending budget (this one included). */
  members: readonly string[];
  /** How many of them book every departure on Redis. */
  sharing: number;
}

export interface HeartbeatEvents {
  /** Whether this instance books every departure on Redis (it announces itself as sharing). */
  sharing(): boolean;
  beat(membership: Membership): void;
  missed(): void;
}

/** Every instance beats once a second; the counts set Redis's pace and the share each uses while Redis is away. */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private readonly keys: [members: string, sharing: string];
  /** The members seen at the last beat, written back by beats while this instance is not sharing. */
  private known: readonly string[] = [];

  constructor(
    private readonly redis: RedisConnection,
    private readonly instanceId: string,
    private readonly events: HeartbeatEvents,
  ) {
    this.keys = membershipKeys(redis);
  }

  start(): void {
    const beat = () => void this.beat();
    // A reconnection beats at once, so the instance rejoins without waiting for the next tick.
    this.redis.onReady(beat);
    beat();
    this.timer = setInterval(beat, HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  /** Leaves both sets at once, so the others' pace grows without waiting for this one to time out. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (!this.redis.up) return;
    await Promise.all(this.keys.map((key) => this.redis.client.zrem(key, this.instanceId).catch(() => 0)));
  }

  private async beat(): Promise<void> {
    if (!this.redis.up) {
      this.events.missed();
      return;
    }
    const sharing = this.events.sharing();
    const restore = sharing ? [] : this.known.filter((id) => id !== this.instanceId);
    try {
      const reply = await this.redis.script(BEAT, this.keys, [this.instanceId, MEMBER_FOR_MS, SHARING_FOR_MS, sharing ? 1 : 0, ...restore]);
      const membership = membershipOf(reply);
      this.known = membership.members;
      this.events.beat(membership);
    } catch {
      this.events.missed();
    }
  }
}

/** The two sets, in the order the scripts take them. */
export function membershipKeys(redis: RedisConnection): [members: string, sharing: string] {
  return [redis.key('instances'), redis.key('instances:sharing')];
}

function membershipOf(reply: unknown): Membership {
  if (!Array.isArray(reply) || !Array.isArray(reply[0]) || typeof reply[1] !== 'number') throw new Error('unexpected reply from the heartbeat script');
  const members = reply[0].filter((id): id is string => typeof id === 'string');
  return { members, sharing: reply[1] };
}
