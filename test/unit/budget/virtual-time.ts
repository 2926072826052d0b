/** A clock that moves only when told, with sleeps that end when the clock passes their end. */
export interface VirtualTime {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Moves the clock to `until`, ending each sleep due on the way and letting promises settle after each. */
  advanceTo: (until: number) => Promise<void>;
  /** Ends every pending sleep, including those started on the way. */
  runAll: () => Promise<void>;
  /** Moves the clock from one due sleep to the next until `promise` has settled. */
  runUntil: (promise: Promise<unknown>) => Promise<void>;
}

export function virtualTime(): VirtualTime {
  let now = 0;
  let order = 0;
  const sleeps: Array<{ at: number; order: number; end: () => void }> = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const nextDue = (until: number) => {
    sleeps.sort((a, b) => a.at - b.at || a.order - b.order);
    const first = sleeps[0];
    return first !== undefined && first.at <= until ? sleeps.shift() : undefined;
  };
  const advanceTo = async (until: number) => {
    await settle();
    for (let due = nextDue(until); due !== undefined; due = nextDue(until)) {
      now = Math.max(now, due.at);
      due.end();
      await settle();
    }
    if (Number.isFinite(until)) now = Math.max(now, until);
  };
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleeps.push({ at: now + ms, order: (order += 1), end: resolve });
      }),
    advanceTo,
    runAll: () => advanceTo(Number.POSITIVE_INFINITY),
    runUntil: async (promise) => {
      let settled = false;
      void promise.then(
        () => (settled = true),
        () => (settled = true),
      );
      await settle();
      while (!settled && sleeps.length > 0) {
        sleeps.sort((a, b) => a.at - b.at || a.order - b.order);
        await advanceTo(sleeps[0]!.at);
      }
    },
  };
}

/** The most departures in any window of `windowMs` starting at a departure (where the most can fit). */
export function busiestWindow(departures: readonly number[], windowMs: number): number {
  const sorted = [...departures].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}
