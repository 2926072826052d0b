import { describe, expect, it } from '@jest/globals';
import { erroredBetween, parseErroredOperations } from '../errored-operations.js';

const metrics = (lines: string[]) =>
  [
    '# HELP gateway_graphql_requests_total GraphQL operations answered',
    '# TYPE gateway_graphql_requests_total counter',
    ...lines,
    'nodejs_gc_duration_seconds_count{kind="minor"} 7',
  ].join('\n');

describe('operations the gateway answered with errors', () => {
  it('counts every outcome but ok, over operations and types', () => {
    const errored = parseErroredOperations(
      metrics([
        'gateway_graphql_requests_total{operation="Bench",type="query",outcome="ok"} 1200',
        'gateway_graphql_requests_total{operation="Bench",type="query",outcome="UPSTREAM_RATE_LIMITED"} 3',
        'gateway_graphql_requests_total{operation="other",type="query",outcome="UPSTREAM_RATE_LIMITED"} 1',
        'gateway_graphql_requests_total{operation="Bench",type="query",outcome="UPSTREAM_TIMEOUT"} 2',
      ]),
    );
    expect(errored).toEqual(
      new Map([
        ['UPSTREAM_RATE_LIMITED', 4],
        ['UPSTREAM_TIMEOUT', 2],
      ]),
    );
  });

  it('tells a gateway with no errors from one whose metrics say nothing', () => {
    expect(parseErroredOperations(metrics(['gateway_graphql_requests_total{operation="Bench",type="query",outcome="ok"} 5']))).toEqual(new Map());
    expect(parseErroredOperations('nodejs_gc_duration_seconds_count{kind="minor"} 7')).toBeUndefined();
  });

  it('gives what a window added, by outcome', () => {
    const before = new Map([['UPSTREAM_RATE_LIMITED', 3]]);
    const after = new Map([
      ['UPSTREAM_RATE_LIMITED', 5],
      ['UPSTREAM_TIMEOUT', 1],
    ]);
    expect(erroredBetween(before, after)).toEqual(
      new Map([
        ['UPSTREAM_RATE_LIMITED', 2],
        ['UPSTREAM_TIMEOUT', 1],
      ]),
    );
    expect(erroredBetween(after, after)).toEqual(new Map());
  });
});
