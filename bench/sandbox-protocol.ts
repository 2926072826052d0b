/** What bench/sandbox-server.ts says on stdout: one `ready` line, then one `stats` line per request. */
export interface SandboxReady {
  url: string;
  tokenUrl: string;
  apiKey: string;
  apiSecret: string;
  serviceAccount: { username: string; password: string };
}

/** The sandbox's own request counts, to cross-check the gateway's counters. */
export interface SandboxCounts {
  downloads: number;
  token: number;
}

/** The one command the sandbox server reads on stdin, a line each. */
export const STATS_COMMAND = 'stats';
