/** What bench/library-floor-server.ts prints when it listens. */
export interface LibraryFloorReady {
  url: string;
}

/** What its `GET /counters` answers: GraphQL responses sent so far. */
export interface LibraryFloorCounters {
  graphqlRequests: number;
}
