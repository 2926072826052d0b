import { parseArgs } from 'node:util';

/**
 * `matrix`: the cells (a)-(d) against the limits; `growth`: how cost grows with size;
 * `floors`: what the kept libraries (fastify + Apollo, got) cost on their own.
 */
export type BenchMode = 'matrix' | 'growth' | 'floors';

const MATRIX_CELLS = ['a', 'b', 'c', 'd'] as const;
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
  warmupSeconds: number;
  durationSeconds: number;
  /** How many times the whole sequence of cells runs per connection count, alternating. */
  rounds: number;
  connections: number[];
  /** Matrix mode only: which of (a)-(d) to run. */
  cells: MatrixCell[];
}

export const USAGE = `npm run bench [-- options]

  --growth            how cost grows: page sizes 1, 10, 50, 100 and 1, 2, 5, 10 aliases
  --floors            what fastify + Apollo ({ __typename }) and one got call cost alone, beside
                      node:http by hand and the direct limit: the floor no execution work goes below
  --profile           run the gateway under node --cpu-prof; writes bench/out/profiles/*.cpuprofile
                      and profile-summary.{md,json} (figures then include profiler overhead)
  --save              write the results to bench/results/ (committed, read by docs/performance.md)
                      instead of bench/out/ (ignored); use it for a full run you mean to publish
  --service-account   gateway requests without Authorization, as the service account: concurrent
                      identical requests may then share upstream calls (default: a token per connection)
  --warmup <s>        warm-up per cell, discarded (default 3)
  --duration <s>      measured time per cell (default 10)
  --rounds <n>        repetitions of the cell sequence (default 1 for --growth, else 2)
  --connections <l>   comma-separated (default 1,10 for the matrix, else 10)
  --cells <l>         matrix cells to run, from a,b,c,d (default all)
  --help              this text`;

export class UsageError extends Error {}

/** Parses `process.argv.slice(2)`; throws a UsageError naming the bad flag. */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseFlags(argv);
  if (values.help) return 'help';
  if (values.growth && values.floors) throw new UsageError('--growth and --floors are separate runs: pick one');
  const mode: BenchMode = values.growth ? 'growth' : values.floors ? 'floors' : 'matrix';
  if (mode !== 'matrix' && values.cells !== undefined) throw new UsageError(`--cells applies to the matrix, not to --${mode}`);
  return {
    mode,
    profile: values.profile,
    save: values.save,
    serviceAccount: values['service-account'],
    warmupSeconds: number('--warmup', values.warmup, 3, 0),
    durationSeconds: number('--duration', values.duration, 10, 0.5),
    rounds: integer('--rounds', values.rounds, mode === 'growth' ? 1 : 2),
    connections: list('--connections', values.connections, mode === 'matrix' ? ['1', '10'] : ['10']).map((value) => integer('--connections', value, 1)),
    cells: list('--cells', values.cells, [...MATRIX_CELLS]).map(cell),
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
        profile: { type: 'boolean', default: false },
        save: { type: 'boolean', default: false },
        'service-account': { type: 'boolean', default: false },
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
  if (found === undefined) throw new UsageError(`--cells takes a, b, c and d, got ${raw}`);
  return found;
}
