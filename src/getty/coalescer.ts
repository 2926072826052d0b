/**
 * Shares one in-flight call among concurrent callers with the same key, across requests.
 * The entry leaves when the call settles, so nothing is cached: later callers call again.
 */
export class Coalescer<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(private readonly onJoined: () => void = () => undefined) {}

  run(key: string, call: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending !== undefined) {
      this.onJoined();
      return pending;
    }
    const started = call().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
