import { parseArgs } from 'node:util';

/**
 * `matrix`: cells (a)-(g) against the limits; `growth`: how cost grows with size;
 * `floors`: what the kept libraries (fastify + Apollo, got) cost on their own; `ab`: the
 * same cells served by a baseline build and by this tree in turn, to judge a change.
 */
export type BenchMode = 'matrix' | 'growth' | 'floors' | 'ab';

const MATRIX_CELLS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;
export type MatrixCell = (typeof MATRIX_CELLS)[number];

export interface BenchOptions {
  mode: BenchMode;
  /** Run the gateway under `node --cpu-prof` and summarize where its CPU time went. */
  profile: boolean;
  /**
   * Write the results where the docs read them (bench/results/, committed) instead of
   * bench/out/ (ignored): publishing figures is a deliberate act, not a side effect of a run.
   */
  save: boolean;
  /**
   * Gateway requests carry no Authorization header and run as its service account. Off (the
   * default), each connection sends its own bearer token, so concurrent requests never share
   * an upstream call through the gateway's cross-request coalescing.
   */
  serviceAccount: boolean;
  /**
   * Every gateway as deployed with several instances (docs/scaling.md): on a redis-server the
   * bench starts, with the API key's budget and the per-client limit on, at caps the load cannot
   * reach, so their work on Redis is on every request's path without ever holding one back.
   */
  redis: boolean;
  warmupSeconds: number;
  durationSeconds: number;
  /** How many times the whole sequence of cells runs per connection count, alternating. */
  rounds: number;
  connections: number[];
  /** Matrix and A/B modes: which of (a)-(g) to run. */
  cells: MatrixCell[];
  /** A/B mode: the git ref of the baseline build (A), compared with this working tree (B). */
  baselineRef: string | undefined;
}

export const USAGE = `npm run bench [-- options]

  --growth            how cost grows: page sizes 1, 10, 50, 100 and 1, 2, 5, 10 aliases
  --ab <ref>          A/B: builds <ref> (a commit, branch or tag) apart and serves the same cells by it
                      (A) and by this tree (B) in turn, several rounds; prints medians and B ÷ A
  --floors            what fastify + Apollo ({ __typename }) and one got call cost alone, beside
                      node:http by hand and the direct limit: the floor no execution work goes below
  --profile           run the gateway under node --cpu-prof; writes bench/out/profiles/*.cpuprofile
                      and profile-summary-<cells>.{md,json} per gateway (figures then include profiler overhead)
  --save              write the results to bench/results/ (committed, read by docs/performance.md)
                      instead of bench/out/ (ignored); use it for a full run you mean to publish
  --service-account   gateway requests without Authorization, as the service account: concurrent
                      identical requests may then share upstream calls (default: a token per connection)
  --redis             every gateway on a redis-server the bench starts (Debian's), as deployed with several
                      instances: shared state on Redis, and the key's budget (GETTY_MAX_QPS) and the
                      per-client limit on, at caps the load cannot reach (default: Redis off, both off)
  --warmup <s>        warm-up per cell, discarded (default 3)
  --duration <s>      measured time per cell (default 10)
  --rounds <n>        repetitions of the cell sequence (default 1 for --growth, 5 for --ab, else 2)
  --connections <l>   comma-separated (default 1,10 for the matrix, else 10)
  --cells <l>         cells to run (default all for the matrix, a,e for --ab): (a) direct; (b) every
                      field, 20 items, a token per connection; (c) the same after a cursor; (d) two
                      identical aliases; (e) as (b) with a different token on every request; (f) as
                      (b) answered from the response cache (cache on, warmed); (g) as (b) with one
                      token for all connections, so identical requests coalesce
  --help              this text`;

export class UsageError extends Error {}

/** A/B judges medians, so it needs more rounds than a matrix run. */
const DEFAULT_ROUNDS: Record<BenchMode, number> = { matrix: 2, growth: 1, floors: 2, ab: 5 };

/** Parses `process.argv.slice(2)`; throws a UsageError naming the bad flag. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseFlags(argv);
  if (values.help) return 'help';
  const chosen = [values.growth && 'growth', values.floors && 'floors', values.ab !== undefined && 'ab'].filter((flag) => flag !== false);
  if (chosen.length > 1) throw new UsageError(`--${chosen.join(' and --')} are separate runs: pick one`);
  const mode: BenchMode = values.growth ? 'growth' : values.floors ? 'floors' : values.ab !== undefined ? 'ab' : 'matrix';
  const withCells = mode === 'matrix' || mode === 'ab';
  if (!withCells && values.cells !== undefined) throw new UsageError(`--cells applies to the matrix, not to --${mode} (--ab takes it too)`);
  if (mode === 'ab' && values.profile) throw new UsageError('--ab and --profile are separate runs: profiling would slow one build more than the other');
  if (mode === 'ab' && values.save) throw new UsageError('--ab results are not published: --save takes a matrix, --growth or --floors run');
  return {
    mode,
    profile: values.profile,
    save: values.save,
    serviceAccount: values['service-account'],
    redis: values.redis,
    warmupSeconds: number('--warmup', values.warmup, 3, 0),
    durationSeconds: number('--duration', values.duration, 10, 0.5),
    rounds: integer('--rounds', values.rounds, DEFAULT_ROUNDS[mode]),
    connections: list('--connections', values.connections, withCells ? ['1', '10'] : ['10']).map((value) => integer('--connections', value, 1)),
    cells: list('--cells', values.cells, mode === 'ab' ? ['a', 'e'] : [...MATRIX_CELLS]).map(cell),
    baselineRef: values.ab === undefined ? undefined : ref(values.ab),
  };
}

/** node's parseArgs, its errors (an unknown flag, a missing value) turned into UsageErrors. */
function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      options: {
        growth: { type: 'boolean', default: false },
        floors: { type: 'boolean', default: false },
        ab: { type: 'string' },
        profile: { type: 'boolean', default: false },
        save: { type: 'boolean', default: false },
        'service-account': { type: 'boolean', default: false },
        redis: { type: 'boolean', default: false },
        warmup: { type: 'string' },
        duration: { type: 'string' },
        rounds: { type: 'string' },
        connections: { type: 'string' },
        cells: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function number(flag: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`${flag} must be a number >= ${min}, got ${raw}`);
  return value;
}

function integer(flag: string, raw: string | undefined, fallback: number): number {
  const value = number(flag, raw, fallback, 1);
  if (!Number.isInteger(value)) throw new UsageError(`${flag} must be a whole number, got ${String(raw)}`);
  return value;
}

function list(flag: string, raw: string | undefined, fallback: string[]): string[] {
  if (raw === undefined) return fallback;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
  return items;
}

function cell(raw: string): MatrixCell {
  const found = MATRIX_CELLS.find((candidate) => candidate === raw);
  if (found === undefined) throw new UsageError(`--cells takes ${MATRIX_CELLS.join(', ')}, got ${raw}`);
  return found;
}

/** A ref as git takes it; an option-like value would be read by git as a flag. */
function ref(raw: string): string {
  if (raw.trim() === '' || raw.startsWith('-')) throw new UsageError(`--ab needs a git ref (a commit, branch or tag), got ${raw === '' ? 'nothing' : raw}`);
  return raw.trim();
}
