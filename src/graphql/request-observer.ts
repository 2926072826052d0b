import type { TokenLookup } from '../auth/token-loader.js';

/** One GraphQL operation as metrics see it: bounded values only, never the query text or a token. */
export interface GraphQLRequestFacts {
  /** The operation's name as the document gives it; the listener bounds it. */
  operationName: string | undefined;
  /** `query`, `mutation`, `subscription`, or `unknown` when the document did not resolve. */
  operationType: string;
  /** `ok`, or the first error's `extensions.code`. */
  outcome: string;
  seconds: number;
  /** Distinct Getty pages the operation needed. */
  gettyFetches: number;
}

/** What the GraphQL layer reports, for metrics; passed in by the wiring. */
export interface RequestObserver {
  ended(facts: GraphQLRequestFacts): void;
  tokenLookup(lookup: TokenLookup): void;
}

export const NO_REQUEST_OBSERVER: RequestObserver = { ended: () => undefined, tokenLookup: () => undefined };
