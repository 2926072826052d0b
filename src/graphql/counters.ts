/** Process-wide totals, reported by /healthz and read by tests and the bench. */
export interface GatewayCounters {
  graphqlRequests: number;
  tokenLookups: number;
  upstreamCalls: number;
}

export function createCounters(): GatewayCounters {
  return { graphqlRequests: 0, tokenLookups: 0, upstreamCalls: 0 };
}
