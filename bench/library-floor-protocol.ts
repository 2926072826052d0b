/**
 * The first line the bench writes to bench/library-floor-server.ts: where its `downloads`
 * resolver gets its page from, and whether answers are shared. `memory`: one Getty body, held
 * for every request. `getty`: one call per request through the gateway's own got client, with
 * the caller's bearer token.
 */
export type LibraryFloorSetup = ({ source: 'memory'; page: unknown } | { source: 'getty'; apiUrl: string; apiKey: string }) & { answers: LibraryFloorAnswers };

/**
 * `executed`: every request executes its operation. `shared`: answers are shared per bearer
 * token at Apollo's `responseForOperation`, the seam the gateway's rendered answers use: one
 * request executes, requests meanwhile wait for its answer, and, from `memory`, later requests
 * get it at once (a cache hit); the answer's text is rendered once.
 */
export type LibraryFloorAnswers = 'executed' | 'shared';

/** What bench/library-floor-server.ts prints when it listens. */
export interface LibraryFloorReady {
  url: string;
}

/** What its `GET /counters` answers: GraphQL responses sent so far. */
export interface LibraryFloorCounters {
  graphqlRequests: number;
}
