import { mkdirSync, writeFileSync } from 'node:fs';
import type { Outcome } from './load.js';
import { percentile } from './load.js';

export interface ScenarioRow {
  scenario: string;
  requests: number;
  withData: number;
  codes: Record<string, number>;
  p50: number;
  p99: number;
  rss?: { beforeMb: number; afterMb: number };
  verdict: 'ok' | 'MISS';
}

export function row(scenario: string, outcomes: readonly Outcome[], extra: Partial<ScenarioRow> = {}): ScenarioRow {
  const codes: Record<string, number> = {};
  for (const outcome of outcomes) {
    const keys = outcome.networkError !== undefined ? [`network:${outcome.networkError}`] : outcome.codes;
    for (const key of keys) codes[key] = (codes[key] ?? 0) + 1;
  }
  const latencies = outcomes.map((outcome) => outcome.ms);
  return {
    scenario,
    requests: outcomes.length,
    withData: outcomes.filter((outcome) => outcome.hasData).length,
    codes,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    verdict: 'ok',
    ...extra,
  };
}

export function render(rows: readonly ScenarioRow[]): string {
  const header = '| scenario | requests | with data | error codes (count) | p50 ms | p99 ms | RSS before → after (MB) | verdict |';
  const lines = rows.map((r) => {
    const codes =
      Object.entries(r.codes)
        .map(([code, count]) => `${code} ${count}`)
        .join(', ') || '—';
    const rss = r.rss === undefined ? '—' : `${r.rss.beforeMb.toFixed(0)} → ${r.rss.afterMb.toFixed(0)}`;
    return `| ${r.scenario} | ${r.requests} | ${r.withData} | ${codes} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${rss} | ${r.verdict} |`;
  });
  return [header, '| --- | --: | --: | --- | --: | --: | --- | --- |', ...lines].join('\n');
}

/**
 * Where the table goes: test-results/ (ignored) on an ordinary run; `npm run test:faults:save`
 * points it at test/faults/results/ (committed, linked from docs/reliability.md).
 */
const RESULTS_DIR = process.env.FAULT_RESULTS_DIR ?? 'test-results/faults';

/** Prints the table and keeps it as a file. */
export function publish(rows: readonly ScenarioRow[]): void {
  const table = render(rows);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}/latest.md`, `${table}\n`);
  process.stdout.write(`\nFault and abuse suite\n\n${table}\n\n`);
}
