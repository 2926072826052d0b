import DataLoader from 'dataloader';
import type { CredentialSource } from './credential-source.js';

export type TokenLoader = DataLoader<string, string>;

/** The key a request's resolvers load its token under. */
export function credentialKey(source: CredentialSource): string {
  return source.kind === 'service-account' ? source.tokens.key : source.kind;
}

/**
 * A per-request loader: however many fields call Getty, the request looks its token up
 * once (DataLoader caches the key), and a batch costs one store call.
 */
export function createTokenLoader(source: CredentialSource, onLookup: () => void): TokenLoader {
  return new DataLoader<string, string>(async (keys) => {
    onLookup();
    if (source.kind === 'bearer') return keys.map(() => source.token);
    if (source.kind === 'service-account') return source.tokens.tokensFor(keys);
    return keys.map(() => source.error);
  });
}
