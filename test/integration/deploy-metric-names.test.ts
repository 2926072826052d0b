import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { startStack } from './harness.js';
import type { Stack } from './harness.js';
import { scrape } from './metrics-text.js';

/** Metric names in PromQL text: the gateway's own, Node's and the process's (prom-client's defaults). */
function metricNames(promql: string): string[] {
  return [...promql.matchAll(/\b((?:gateway|nodejs|process)_[a-z0-9_]+)\b/g)].map((match) => match[1]!);
}

function dashboardQueries(): string[] {
  const dashboard = JSON.parse(readFileSync('deploy/grafana/gateway.json', 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}

function alertQueries(): string[] {
  const text = readFileSync('deploy/prometheus/alerts.yml', 'utf8');
  return text.split('\n').filter((line) => !line.trimStart().startsWith('#') && !/^\s*(summary|runbook|alert):/.test(line));
}

describe('the shipped dashboard and alert rules', () => {
  let stack: Stack;
  let exported: Set<string>;
  beforeAll(async () => {
    stack = await startStack();
    // Declared metrics, with or without samples yet: a histogram's series are its _bucket, _sum and _count.
    const { text } = await scrape(stack.adminUrl);
    exported = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name!}_bucket`, `${name!}_sum`, `${name!}_count`] : [name!])),
    );
  });
  afterAll(() => stack.close());

  it.each([
    ['deploy/grafana/gateway.json', dashboardQueries],
    ['deploy/prometheus/alerts.yml', alertQueries],
  ])('%s queries only metrics the gateway exports', (_file, queries) => {
    const used = [...new Set(queries().flatMap(metricNames))];
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });
});
