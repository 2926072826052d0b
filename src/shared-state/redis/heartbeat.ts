import type { RedisConnection } from './connection.js';

/** Announces this instance and counts the live ones, on Redis's clock. */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return redis.call('ZCARD', KEYS[1])
`;

export const HEARTBEAT_EVERY_MS = 1_000;
/** An instance missing this long counts as gone: a few beats, so one slow command does not drop it. */
const ALIVE_FOR_MS = 3 * HEARTBEAT_EVERY_MS;

export interface HeartbeatEvents {
  beat(instances: number): void;
  missed(): void;
}

/** Every instance beats once a second; the count of live instances sets the share each uses while Redis is away. */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private readonly key: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly instanceId: string,
    private readonly events: HeartbeatEvents,
  ) {
    this.key = redis.key('instances');
  }

  start(): void {
    const beat = () => void this.beat();
    // A reconnection beats at once, so the instance rejoins without waiting for the next tick.
    this.redis.onReady(beat);
    beat();
    this.timer = setInterval(beat, HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  /** Leaves the count at once, so the others' shares grow without waiting for this one to time out. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.redis.up) await this.redis.client.zrem(this.key, this.instanceId).catch(() => 0);
  }

  private async beat(): Promise<void> {
    if (!this.redis.up) {
      this.events.missed();
      return;
    }
    try {
      const instances = await this.redis.script(BEAT, [this.key], [this.instanceId, ALIVE_FOR_MS]);
      if (typeof instances === 'number') this.events.beat(instances);
    } catch {
      this.events.missed();
    }
  }
}
