/**
 * GraphQL operations the gateway answered with an error, as its own metrics count them
 * (`gateway_graphql_requests_total`, whose `outcome` is `ok` or the first error code). An
 * operation whose field failed is still answered 200 (GraphQL over HTTP), so the status code
 * alone cannot tell a valid figure from one built on errors.
 */
const SAMPLE = /^gateway_graphql_requests_total\{([^}]*)\}\s+(\S+)$/;
const OUTCOME_LABEL = /(?:^|,)outcome="([^"]*)"/;

/** The errored operations so far in a `/metrics` text, by outcome; undefined when it has no such metric. */
export function parseErroredOperations(metricsText: string): Map<string, number> | undefined {
  let seen = false;
  const errored = new Map<string, number>();
  for (const line of metricsText.split('\n')) {
    const [, labels, value] = SAMPLE.exec(line) ?? [];
    if (labels === undefined || value === undefined) continue;
    seen = true;
    const outcome = OUTCOME_LABEL.exec(labels)?.[1];
    if (outcome === undefined || outcome === 'ok') continue;
    errored.set(outcome, (errored.get(outcome) ?? 0) + Number(value));
  }
  return seen ? errored : undefined;
}

/** The operations that errored between two readings of the same process, by outcome (codes with none left out). */
export function erroredBetween(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): Map<string, number> {
  const between = new Map<string, number>();
  for (const [outcome, count] of after) {
    const added = count - (before.get(outcome) ?? 0);
    if (added > 0) between.set(outcome, added);
  }
  return between;
}
