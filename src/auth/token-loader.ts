import DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Span } from '../tracing/tracer.js';
import type { CredentialSource } from './credential-source.js';

export type TokenLoader = DataLoader<string, string>;

/** The key a request's resolvers load its token under. */
export function credentialKey(source: CredentialSource): string {
  return source.kind === 'service-account' ? source.tokens.key : source.kind;
}

/**
 * A per-request loader: however many fields call Getty, the request looks its token up
 * once (DataLoader caches the key), and a batch costs one store call. The lookup is a step of
 * the request's trace.
 */
export function createTokenLoader(source: CredentialSource, reportLookup: (lookup: TokenLookup) => void, trace: Span): TokenLoader {
  return new DataLoader<string, string>(async (keys) => {
    const step = trace.child('token lookup', { 'gateway.token.source': source.kind });
    const onLookup = (lookup: TokenLookup) => {
      step.end(lookup.outcome === 'ok' ? undefined : lookup.outcome);
      reportLookup(lookup);
    };
    if (source.kind === 'bearer') {
      onLookup({ source: source.kind, outcome: 'ok' });
      return keys.map(() => source.token);
    }
    if (source.kind === 'session') {
      try {
        const token = await source.sessions.accessToken(source.sessionId);
        onLookup({ source: source.kind, outcome: 'ok' });
        return keys.map(() => token);
      } catch (error) {
        const failed = asError(error);
        onLookup({ source: source.kind, outcome: errorCode(failed) });
        return keys.map(() => failed);
      }
    }
    if (source.kind === 'service-account') {
      const tokens = await source.tokens.tokensFor(keys).catch((error: unknown) => keys.map((): string | Error => asError(error)));
      const failed = tokens.find((token): token is Error => token instanceof Error);
      onLookup({ source: source.kind, outcome: failed === undefined ? 'ok' : errorCode(failed) });
      return tokens;
    }
    onLookup({ source: source.kind, outcome: source.error.code });
    return keys.map(() => source.error);
  });
}

/** One lookup's bounded facts, for metrics: where the token came from and `ok` or an error code. */
export interface TokenLookup {
  source: CredentialSource['kind'];
  outcome: string;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function errorCode(error: Error): string {
  return error instanceof GatewayError ? error.code : ErrorCode.InternalServerError;
}
