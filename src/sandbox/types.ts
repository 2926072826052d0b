/** Public option, state and handle types of the sandbox server. */
import type { SandboxDataset } from './dataset-types.js';

export type SandboxDateParamStyle = 'start_end' | 'from_to';

/** Applies to GET /v3/downloads. Rates are shares in 0..1, checked in the order listed. */
export interface FaultOptions {
  latencyMs: number;
  rate429: number;
  rate500: number;
  hangRate: number;
  garbageRate: number;
}

export type ScriptedFault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'garbage' }
  | { kind: 'wrong-shape' }
  | { kind: 'latency'; ms: number };

export type ScriptableEndpoint = 'downloads' | 'token';

export interface SandboxOptions {
  host?: string;
  port?: number;
  dateParams?: SandboxDateParamStyle;
  now?: () => Date;
  dataset?: SandboxDataset;
  tokenTtlSeconds?: number;
  faults?: Partial<FaultOptions>;
  faultSeed?: number;
  /**
   * Getty's per-API-key limit: calls (downloads and token requests alike) accepted in any 1 s;
   * more get Getty's 429. Default 5; 0 turns the limit off.
   */
  qpsLimit?: number;
  thumbnailBaseUrl?: string;
}

export interface RecordedRequest {
  path: string;
  method: string;
  query: Record<string, string>;
  acceptLanguage?: string;
  /** The W3C trace context the caller sent, so tests can follow a trace into Getty. */
  traceparent?: string;
  hasApiKey: boolean;
  bearerUser?: string;
  grantType?: string;
  /** What the sandbox answered; 0 for a hang (or while still delayed). */
  status: number;
  /** When the request arrived, in ms since the epoch by the sandbox's clock. */
  receivedAt: number;
}

export interface SandboxStats {
  downloads: number;
  token: number;
  thumbnails: number;
  requests: ReadonlyArray<RecordedRequest>;
}

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  bearerToken: string;
  accountId: string;
  companyDownloadsEnabled: boolean;
}

export interface Sandbox {
  readonly url: string;
  readonly tokenUrl: string;
  /** The sign-in page of the authorization code grant (GET shows it, its form POSTs back). */
  readonly authorizeUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly serviceAccount: { username: string; password: string };
  readonly demoUsers: ReadonlyArray<DemoUser>;
  readonly dateParams: SandboxDateParamStyle;
  faults: FaultOptions;
  script(endpoint: ScriptableEndpoint, ...steps: ScriptedFault[]): void;
  readonly stats: SandboxStats;
  /** Every access and refresh token the token endpoint has issued: for tests that look for leaks. */
  issuedTokens(): string[];
  resetStats(): void;
  /** Drops scripted faults not yet consumed and restores the fault settings the sandbox started with. */
  resetFaults(): void;
  close(): Promise<void>;
}
