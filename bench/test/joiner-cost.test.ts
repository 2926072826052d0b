import { describe, expect, it } from '@jest/globals';
import { REDIS_SETTINGS } from '../gateway-process.js';
import { joinerCostReport, roundFigures, summarizeJoinerCost } from '../joiner-cost-report.js';
import type { JoinerCostRound, SliceTotals } from '../joiner-cost-report.js';
import { joinerCpu } from '../targets-round-two.js';

const totals = (requests: number, cpuMs: number, upstreamCalls: number): SliceTotals => ({ requests, cpuMs, upstreamCalls, sandboxCpuMs: 0, loadCpuMs: 0 });

/** A round whose (e) costs 2 ms a request and (f) `hitMs`, and whose (g) is one caller in ten at 2 ms plus joiners at `joinerMs`. */
function round(hitMs: number, joinerMs: number): JoinerCostRound {
  const requests = 1000;
  return {
    caller: totals(requests, 2 * requests, requests),
    hit: totals(requests, hitMs * requests, 0),
    coalesced: totals(requests, 100 * 2 + 900 * joinerMs, 100),
  };
}

describe('a coalesced request against a cache hit, cells loaded in turn', () => {
  it("costs (g)'s callers as (e)'s requests, its Getty calls per request from the sandbox's count, and leaves the rest to the joiners", () => {
    const figures = roundFigures(round(0.2, 0.25));
    expect(figures.callsPerRequest).toBeCloseTo(0.1, 10);
    expect(figures.coalescedMs).toBeCloseTo(0.425, 10);
    expect(figures.joinerMs).toBeCloseTo(0.25, 10);
    expect(figures.joinerOverHit).toBeCloseTo(1.25, 10);
  });

  it('says what the callers would have to cost for a joiner to cost exactly a hit', () => {
    const figures = roundFigures(round(0.2, 0.25));
    expect(figures.breakEvenCallerMs).toBeCloseTo(2.45, 10);
    expect(joinerCpu(figures.coalescedMs, figures.callsPerRequest, figures.breakEvenCallerMs)).toBeCloseTo(figures.hitMs, 10);
  });

  it("judges the median over rounds of each round's own ratio, and counts the rounds at or below a hit", () => {
    const summary = summarizeJoinerCost([round(0.2, 0.19), round(0.2, 0.21), round(0.3, 0.27)]);
    expect(summary.medianJoinerOverHit).toBeCloseTo(0.95, 10);
    expect(summary.roundsMet).toBe(2);
    expect(summary.met).toBe(true);
    expect(summary.medianJoinerMs).toBeCloseTo(0.21, 10);
    expect(summary.medianHitMs).toBeCloseTo(0.2, 10);
  });

  it('does not let one cheap round decide: most rounds over a hit is a miss', () => {
    const summary = summarizeJoinerCost([round(0.2, 0.1), round(0.2, 0.22), round(0.2, 0.24), round(0.2, 0.26)]);
    expect(summary.medianJoinerOverHit).toBeCloseTo(1.15, 10);
    expect(summary.roundsMet).toBe(1);
    expect(summary.met).toBe(false);
  });

  it('refuses to judge no rounds', () => {
    expect(() => summarizeJoinerCost([])).toThrow('no rounds');
  });

  it('states the verdict and every round in its report', () => {
    const rounds = [round(0.2, 0.24), round(0.2, 0.26)];
    const report = joinerCostReport({
      mode: 'joiner-cost',
      startedAt: '2026-12-07T00:00:00.000Z',
      settings: { rounds: 2, durationSeconds: 10, sliceSeconds: 2, warmupSeconds: 20, connections: 10 },
      machine: { cpu: 'test CPU', cores: 2, memoryGb: 1, os: 'Linux', node: 'v20', loadAverage: [0, 0, 0] },
      pinning: undefined,
      rounds,
      summary: summarizeJoinerCost(rounds),
    });
    expect(report).toContain("**A joining request used 1.25 × a cache hit's CPU**");
    expect(report).toContain('NOT met');
    expect(report).toContain('0 of 2 rounds');
    expect(report.split('\n').filter((line) => /^\| [12] /.test(line))).toHaveLength(2);
    const table = report.split('\n').filter((line) => line.startsWith('|'));
    expect(new Set(table.map((line) => line.split('|').length)).size).toBe(1);
    expect(report).toContain('no Redis');
  });

  it('says when the gateways ran as deployed with several instances, on Redis', () => {
    const rounds = [round(0.2, 0.18)];
    const report = joinerCostReport({
      mode: 'joiner-cost',
      startedAt: '2026-12-07T00:00:00.000Z',
      settings: { rounds: 1, durationSeconds: 10, sliceSeconds: 2, warmupSeconds: 20, connections: 10, redis: true },
      machine: { cpu: 'test CPU', cores: 2, memoryGb: 1, os: 'Linux', node: 'v20', loadAverage: [0, 0, 0] },
      pinning: undefined,
      rounds,
      summary: summarizeJoinerCost(rounds),
    });
    expect(report).toContain(`as deployed with several instances: ${REDIS_SETTINGS}`);
    expect(report).not.toContain('no Redis');
  });
});
