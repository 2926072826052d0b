/**
 * Main-thread garbage-collection pauses by kind, as the gateway's own Prometheus metrics count
 * them (prom-client's `nodejs_gc_duration_seconds`, from Node's `gc` performance entries): the
 * collector's work on other threads is not in them, only what stopped JavaScript.
 */
export const GC_KINDS = ['minor', 'major', 'incremental', 'weakcb'] as const;
export type GcKind = (typeof GC_KINDS)[number];

export interface GcTally {
  count: number;
  seconds: number;
}

export type GcPauses = Record<GcKind, GcTally>;

const SAMPLE = /^nodejs_gc_duration_seconds_(sum|count)\{([^}]*)\}\s+(\S+)$/;
const KIND_LABEL = /(?:^|,)kind="([a-z]+)"/;

/** The pauses so far in a `/metrics` text; undefined when it has no such metric. */
export function parseGcPauses(metricsText: string): GcPauses | undefined {
  const pauses = emptyPauses();
  let seen = false;
  for (const line of metricsText.split('\n')) {
    const [, field, labels, value] = SAMPLE.exec(line) ?? [];
    const kind = KIND_LABEL.exec(labels ?? '')?.[1];
    if (field === undefined || value === undefined || !isKind(kind)) continue;
    seen = true;
    if (field === 'sum') pauses[kind].seconds = Number(value);
    else pauses[kind].count = Number(value);
  }
  return seen ? pauses : undefined;
}

/** What happened between two readings of the same process. */
export function gcPausesBetween(before: GcPauses, after: GcPauses): GcPauses {
  return combine(after, before, (a, b) => a - b);
}

/** Every kind's pauses together, in seconds. */
export function pausedSeconds(pauses: GcPauses): number {
  return GC_KINDS.reduce((sum, kind) => sum + pauses[kind].seconds, 0);
}

/** The sum of several windows' pauses. */
export function addGcPauses(windows: ReadonlyArray<GcPauses>): GcPauses {
  return windows.reduce((sum, window) => combine(sum, window, (a, b) => a + b), emptyPauses());
}

/** Each kind's count and seconds of `a` and `b`, put through `op`. */
function combine(a: GcPauses, b: GcPauses, op: (x: number, y: number) => number): GcPauses {
  const pauses = emptyPauses();
  for (const kind of GC_KINDS) pauses[kind] = { count: op(a[kind].count, b[kind].count), seconds: op(a[kind].seconds, b[kind].seconds) };
  return pauses;
}

function emptyPauses(): GcPauses {
  return { minor: { count: 0, seconds: 0 }, major: { count: 0, seconds: 0 }, incremental: { count: 0, seconds: 0 }, weakcb: { count: 0, seconds: 0 } };
}

function isKind(value: string | undefined): value is GcKind {
  return (GC_KINDS as ReadonlyArray<string | undefined>).includes(value);
}
