import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../bench/free-port.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStack } from '../integration/harness.js';
import type { Stack } from '../integration/harness.js';

/**
 * Debian's `prometheus` and `promtool` (`apt-get install -y prometheus`; .ci/run installs them):
 * a real server scrapes a gateway on the sandbox every second and loads the shipped rules.
 */
const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const RULES = resolve('deploy/prometheus/alerts.yml');
const RULE_TESTS = resolve('deploy/prometheus/alerts.test.yml');

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface VectorAnswer {
  status: string;
  data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('a real Prometheus scraping the gateway', () => {
  let stack: Stack;
  let prometheus: ChildProcess;
  let promUrl: string;
  let dir: string;
  const promLog: string[] = [];

  async function instant(query: string): Promise<number | undefined> {
    const answer = (await (await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as VectorAnswer;
    const value = answer.data.result[0]?.value[1];
    return value === undefined ? undefined : Number(value);
  }

  /** Polls until Prometheus's answer equals `expected` (a scrape after the load), or returns its last answer. */
  async function settle(query: string, expected: number): Promise<number | undefined> {
    let last: number | undefined;
    for (let i = 0; i < 60; i += 1) {
      last = await instant(query);
      if (last === expected) return last;
      await sleep(500);
    }
    return last;
  }

  beforeAll(async () => {
    stack = await startStack();
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    dir = mkdtempSync(join(tmpdir(), 'gateway-ops-'));
    const target = new URL(stack.adminUrl).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${RULES}']`,
        'scrape_configs:',
        '  - job_name: getty-gateway',
        `    static_configs: [{ targets: ['${target}'] }]`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    prometheus.stderr?.on('data', (chunk: Buffer) => promLog.push(chunk.toString()));
    for (let i = 0; i < 100; i += 1) {
      try {
        if ((await fetch(`${promUrl}/-/ready`)).ok) return;
      } catch {
        // Not listening yet.
      }
      if (prometheus.exitCode !== null) break;
      await sleep(200);
    }
    throw new Error(`prometheus did not become ready:\n${promLog.join('').slice(-2000)}`);
  });

  afterAll(async () => {
    if (prometheus.exitCode === null) {
      const exited = new Promise((done) => prometheus.once('exit', done));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts exactly the requests and Getty calls a scripted load sent', async () => {
    await settle('up{job="getty-gateway"}', 1);
    stack.sandbox.resetStats();
    for (let first = 1; first <= 20; first += 1) {
      expect((await stack.graphql(`query Page { downloads(first: ${first}) { totalCount } }`)).body.errors).toBeUndefined();
    }
    // Four unknown tokens reach Getty; the fifth request repeats the first, which Getty already refused: answered without a call.
    for (const i of [0, 1, 2, 3, 0]) {
      await stack.graphql('query Stranger { downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer not-a-getty-token-${i}` });
    }
    const sandboxSaw = stack.sandbox.stats.requests.filter((request) => request.path === '/v3/downloads');
    expect(sandboxSaw).toHaveLength(24);

    expect(await settle('sum(gateway_graphql_requests_total{operation="Page", outcome="ok"})', 20)).toBe(20);
    expect(await settle('sum(gateway_graphql_requests_total{operation="Stranger", outcome="UNAUTHENTICATED"})', 5)).toBe(5);
    expect(await settle('sum(gateway_getty_calls_total{endpoint="downloads"})', sandboxSaw.length)).toBe(24);
    expect(await instant('sum(gateway_getty_calls_total{endpoint="downloads", outcome="4xx"})')).toBe(4);
    expect(await instant('sum(gateway_getty_calls_total{endpoint="token", outcome="2xx"})')).toBe(1);
    expect(await instant('gateway_ready')).toBe(1);
  });

  it('loads every alert rule of deploy/prometheus/alerts.yml', async () => {
    const shipped = [...readFileSync(RULES, 'utf8').matchAll(/^\s*- alert: (\w+)$/gm)].map((match) => match[1]);
    expect(shipped.length).toBeGreaterThanOrEqual(7);
    const answer = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ rules: Array<{ name: string; type: string; health: string }> }> };
    };
    const loaded = answer.data.groups.flatMap((group) => group.rules);
    expect(loaded.map((rule) => rule.name).sort()).toEqual([...shipped].sort());
    expect(loaded.every((rule) => rule.type === 'alerting')).toBe(true);
    // Evaluated against the live series without errors.
    await sleep(2_000);
    const again = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as typeof answer;
    expect(again.data.groups.flatMap((group) => group.rules).filter((rule) => rule.health !== 'ok')).toEqual([]);
  });

  it('passes promtool check rules and promtool test rules', () => {
    expect(execFileSync(PROMTOOL, ['check', 'rules', RULES], { encoding: 'utf8' })).toContain('SUCCESS: 7 rules found');
    expect(execFileSync(PROMTOOL, ['test', 'rules', RULE_TESTS], { encoding: 'utf8' })).toContain('SUCCESS');
  });
});
