/**
 * The first line the bench writes to bench/library-floor-server.ts: where its `downloads`
 * resolver gets its page from. `memory`: one Getty body, held for every request. `getty`: one
 * call per request through the gateway's own got client, with the caller's bearer token.
 */
export type LibraryFloorSetup = { source: 'memory'; page: unknown } | { source: 'getty'; apiUrl: string; apiKey: string };

/** What bench/library-floor-server.ts prints when it listens. */
export interface LibraryFloorReady {
  url: string;
}

/** What its `GET /counters` answers: GraphQL responses sent so far. */
export interface LibraryFloorCounters {
  graphqlRequests: number;
}
