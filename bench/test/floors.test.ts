import { describe, expect, it } from '@jest/globals';
import type { CellSummary, GatewayCost } from '../aggregate.js';
import { cpuBudgetUs, floorFigures, floorTables, floorVerdict, targetFloor } from '../floor-report.js';
import { parseOptions, UsageError } from '../options.js';

const pipelineCost: GatewayCost = {
  graphqlRequests: 10_000,
  upstreamCallsPerRequest: 0,
  tokenLookupsPerRequest: 0,
  sandboxGetsPerRequest: 0,
  cpuMsPerRequest: 0.3,
  rssMb: 100,
  tokenGrants: 0,
};

const cell = (id: string, reqPerSec: number, gateway?: GatewayCost): CellSummary => ({
  id,
  label: id === 'a' ? 'direct GET' : 'gateway { __typename }',
  target: gateway === undefined ? 'direct' : 'gateway',
  connections: 10,
  items: id === 'a' ? 20 : 0,
  expectedUpstreamCalls: id === 'a' ? 1 : 0,
  reqPerSec,
  reqPerSecRounds: [reqPerSec],
  p50Ms: 1,
  p99Ms: 2,
  samples: 100,
  failures: 0,
  gateway,
});

const clients = [
  { inFlight: 1, calls: 10_000, gotUs: 700, nodeHttpUs: 280 },
  { inFlight: 10, calls: 10_000, gotUs: 600, nodeHttpUs: 250 },
];

describe('bench floors', () => {
  const libraryCost = (cpuMsPerRequest: number): GatewayCost => ({ ...pipelineCost, cpuMsPerRequest });
  const cells = [
    cell('a', 16_000),
    cell('pipeline', 3_000, pipelineCost),
    { ...cell('bare-typename', 5_000, libraryCost(0.15)), label: 'bare' },
    { ...cell('memory-page', 2_000, libraryCost(0.35)), label: 'page' },
  ];
  const byTarget = (figures: ReturnType<typeof floorFigures>, prefix: string, floor: string) =>
    figures.targets.find((entry) => entry.target.startsWith(prefix) && entry.floor.startsWith(floor));

  it('sets fastify + Apollo + one got call against the CPU per request each throughput target leaves one core', () => {
    const figures = floorFigures(cells, clients);
    // 1e6 µs / (0.25 × 16,000 req/s); the kept libraries: { __typename } at 300 µs plus the got call at the pipeline's 10 connections, 600 µs.
    expect(cpuBudgetUs(0.25, 16_000)).toBeCloseTo(250, 6);
    const roundOne = byTarget(figures, '(b) ≥ 0.25', 'fastify + Apollo + one got call');
    expect(roundOne).toMatchObject({ floor: 'fastify + Apollo + one got call (10 in flight)' });
    expect(roundOne?.allowedUs).toBeCloseTo(250, 6);
    expect(roundOne?.floorUs).toBeCloseTo(900, 6);
    // (e): 1e6 / (0.12 × 16,000) = 520.8 µs allowed, 900 µs of floor: 379.2 µs over.
    const distinct = byTarget(figures, '(e) ≥ 0.12', 'fastify');
    expect(distinct?.allowedUs).toBeCloseTo(1e6 / 1920, 6);
    expect(distinct?.leftUs).toBeCloseTo(1e6 / 1920 - 900, 6);
    const kept = figures.rows[figures.rows.length - 1];
    expect(kept?.ceilingReqPerSec).toBeCloseTo(1e6 / 900, 6);
    expect(kept?.ceilingOverDirect).toBeCloseTo(1e6 / 900 / 16_000, 6);
    const pipeline = figures.rows[1];
    expect(pipeline?.cpuUsPerRequest).toBeCloseTo(300, 6);
    expect(pipeline?.ceilingReqPerSec).toBeCloseTo(1e6 / 300, 6);
  });

  it('puts the lone got call in series with fastify + Apollo for the added-p50 targets', () => {
    const figures = floorFigures(cells, clients);
    // 300 µs of pipeline and the lone got call's 700 µs.
    const roundOne = byTarget(figures, '(b) added p50', 'fastify');
    expect(roundOne?.floorUs).toBeCloseTo(1000, 6);
    expect(roundOne?.allowedUs).toBe(800);
    const distinct = byTarget(figures, '(e) added p50', 'fastify');
    expect(distinct?.allowedUs).toBe(1000);
    expect(distinct?.leftUs).toBeCloseTo(0, 6);
  });

  it('sets the cache hit against the gateway { __typename } and the bare page served from memory', () => {
    const figures = floorFigures(cells, clients);
    // 250 µs allowed at 0.25 × 16,000: the gateway's { __typename } (300 µs) alone is 50 µs over.
    const pipeline = byTarget(figures, '(f), (g) ≥ 0.25', 'the gateway');
    expect(pipeline?.leftUs).toBeCloseTo(-50, 6);
    expect(byTarget(figures, '(f), (g) ≥ 0.25', 'bare')?.floorUs).toBeCloseTo(350, 6);
    // Executing and serializing 20 items: the page's 350 µs less the bare { __typename }'s 150 µs.
    expect(figures.executionUs).toBeCloseTo(200, 6);
    const table = floorTables(figures);
    expect(table).toContain('stops it: 50 µs over (1.20 × allowed)');
    expect(table).toContain("(b)'s 20 downloads in Apollo and graphql-jit alone costs 200 µs");
    expect(table).toContain("the gateway's `{ __typename }` alone is already 50 µs over, before any of it");
  });

  it("sets the cache hit's added p50 against each floor's own added p50 at 1 connection", () => {
    const alone = (id: string, p50Ms: number, gateway?: GatewayCost): CellSummary => ({ ...cell(id, 1000, gateway), connections: 1, p50Ms });
    const figures = floorFigures(
      [...cells, alone('a', 0.1), alone('pipeline', 0.35, pipelineCost), alone('bare-typename', 0.25, libraryCost(0.2)), alone('memory-page', 0.62, libraryCost(0.5))],
      clients,
    );
    // The pipeline's 0.35 ms and the page's 0.62 ms less the direct 0.1 ms, against 500 µs.
    expect(byTarget(figures, '(f) added p50', 'the gateway')).toMatchObject({
      floor: 'the gateway { __typename } (fastify + Apollo): its own added p50 at 1 connection',
    });
    expect(byTarget(figures, '(f) added p50', 'the gateway')?.leftUs).toBeCloseTo(250, 6);
    expect(byTarget(figures, '(f) added p50', 'bare')?.floorUs).toBeCloseTo(520, 6);
    expect(floorTables(figures)).toContain('stops it: 20 µs over (1.04 × allowed)');
    // CPU still comes from the most connections run.
    expect(byTarget(figures, '(f), (g) ≥ 0.25', 'bare')?.floorUs).toBeCloseTo(350, 6);
    expect(figures.rows[1]?.cpuUsPerRequest).toBeCloseTo(300, 6);
    // Without runs at 1 connection, not measured.
    expect(floorVerdict(byTarget(floorFigures(cells, clients), '(f) added p50', 'bare') ?? targetFloor('none', 1, 'none', 0))).toBe('not measured in this run');
  });

  it('sets (e) against the bare Getty-calling floor: its CPU for the throughput, its own added p50 for the latency', () => {
    const alone = (id: string, p50Ms: number, gateway?: GatewayCost): CellSummary => ({ ...cell(id, 1000, gateway), connections: 1, p50Ms });
    const gettyPage = { ...cell('getty-page', 1_200, libraryCost(0.8)), label: 'getty' };
    const figures = floorFigures([...cells, gettyPage, alone('a', 0.1), alone('getty-page', 1.15, libraryCost(0.9))], clients);
    // 1e6 / (0.12 × 16,000) = 520.8 µs allowed, the floor's 800 µs at 10 connections: 279.2 µs over.
    const throughput = byTarget(figures, '(e) ≥ 0.12', 'bare');
    expect(throughput?.floorUs).toBeCloseTo(800, 6);
    expect(throughput?.leftUs).toBeCloseTo(1e6 / 1920 - 800, 6);
    // Its p50 of 1.15 ms less the direct 0.1 ms: 1,050 µs against 1,000 allowed.
    const latency = byTarget(figures, '(e) added p50', 'bare');
    expect(latency?.floor).toContain('its own added p50 at 1 connection');
    expect(latency?.floorUs).toBeCloseTo(1050, 6);
    expect(floorTables(figures)).toContain('stops it: 50 µs over (1.05 × allowed)');
    expect(figures.rows.find((entry) => entry.floor.includes('one got call, a different token'))?.cpuUsPerRequest).toBeCloseTo(800, 6);
    // Without the floor, both verdicts say it was not measured.
    expect(floorVerdict(byTarget(floorFigures(cells, clients), '(e) added p50', 'bare') ?? targetFloor('none', 1, 'none', 0))).toBe('not measured in this run');
  });

  it('reads (e) through the gateway beside the bare Getty-calling floor of the same run', () => {
    const alone = (id: string, p50Ms: number, gateway?: GatewayCost): CellSummary => ({ ...cell(id, 1000, gateway), connections: 1, p50Ms });
    const atMost = [...cells, cell('getty-page', 1_200, libraryCost(0.8)), cell('e', 900, libraryCost(1.1))];
    const figures = floorFigures([...atMost, alone('a', 0.1), alone('getty-page', 1.15, libraryCost(0.9)), alone('e', 1.3, libraryCost(1.2))], clients);
    expect(figures.distinctBesideFloor?.gateway.cpuUs).toBeCloseTo(1100, 6);
    expect(figures.distinctBesideFloor?.gateway.addedP50Us).toBeCloseTo(1200, 6);
    expect(figures.distinctBesideFloor?.floor.addedP50Us).toBeCloseTo(1050, 6);
    expect(floorTables(figures)).toContain('adds +300 µs of CPU and +150 µs of added p50');
    expect(
      floorFigures(
        atMost.filter((entry) => entry.id !== 'e'),
        clients,
      ).distinctBesideFloor,
    ).toBeUndefined();
  });

  it("costs the bare floor's joining requests as the matrix costs (g)'s, beside the page from memory", () => {
    const shared = { ...cell('getty-page-shared', 3_000, { ...libraryCost(0.5), sandboxGetsPerRequest: 0.2 }), label: 'shared' };
    const figures = floorFigures([...cells, cell('getty-page', 1_200, libraryCost(1.3)), shared], clients);
    // (500 − 0.2 × 1,300) ÷ 0.8 = 300 µs per joiner, against the memory page's 350.
    expect(figures.joinerBesideMemory?.joinerUs).toBeCloseTo(300, 6);
    expect(figures.joinerBesideMemory?.memoryPageUs).toBeCloseTo(350, 6);
    expect(floorTables(figures)).toContain('a request that joined a call in flight used 300 µs of CPU, against 350 µs for the same query answered from memory (−50 µs)');
    expect(floorFigures([...cells, shared], clients).joinerBesideMemory).toBeUndefined();
  });

  it('sets (g) against the bare joiner waiting for an answer in flight, beside the bare cache hit', () => {
    const waiting = { ...cell('getty-answer-shared', 5_000, { ...libraryCost(0.2), sandboxGetsPerRequest: 0.1 }), label: 'waits' };
    const measured = [...cells, { ...cell('memory-answer', 9_000, libraryCost(0.09)), label: 'hit' }, cell('getty-answer', 1_000, libraryCost(1.1)), waiting];
    const figures = floorFigures(measured, clients);
    // (200 − 0.1 × 1,100) ÷ 0.9 = 100 µs per joiner, against the bare hit's 90.
    expect(figures.joinerBesideHit?.joinerUs).toBeCloseTo(100, 6);
    expect(figures.joinerBesideHit?.hitUs).toBeCloseTo(90, 6);
    const target = byTarget(figures, '(g) a coalesced request', 'bare fastify + Apollo, a request that waits');
    expect(target?.allowedUs).toBeCloseTo(90, 6);
    expect(floorVerdict(target ?? targetFloor('none', 1, 'none', 0))).toBe('stops it: 10 µs over (1.11 × allowed)');
    expect(floorTables(figures)).toContain(
      "a request that waited for its caller's answer used 100 µs of CPU, against 90 µs for a request given an answer built earlier (+10 µs)",
    );
    expect(
      floorFigures(
        measured.filter((entry) => entry.id !== 'getty-answer'),
        clients,
      ).joinerBesideHit,
    ).toBeUndefined();
  });

  it('says which floors a run without the library floors did not measure', () => {
    const figures = floorFigures(cells.slice(0, 2), clients);
    expect(figures.executionUs).toBeUndefined();
    expect(floorVerdict(byTarget(figures, '(f), (g) ≥ 0.25', 'bare') ?? targetFloor('none', 1, 'none', 0))).toBe('not measured in this run');
    expect(floorTables(figures)).not.toContain('graphql-jit alone');
    expect(floorVerdict(byTarget(figures, '(g) a coalesced request', 'bare') ?? targetFloor('none', 1, 'none', 0))).toBe('not measured in this run');
  });

  it('is its own mode: 10 connections and 2 rounds unless told, and no cells', () => {
    expect(parseOptions(['--floors'])).toMatchObject({ mode: 'floors', rounds: 2, connections: [10] });
    expect(() => parseOptions(['--floors', '--growth'])).toThrow(UsageError);
    expect(() => parseOptions(['--floors', '--cells', 'a'])).toThrow(/--cells applies to the matrix, not to --floors/);
  });
});
