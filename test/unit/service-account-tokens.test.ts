import { describe, expect, it } from '@jest/globals';
import type { Grant, IssuedToken, OAuthClient } from '../../src/auth/oauth-client.js';
import { parseTokenAnswer } from '../../src/auth/oauth-client.js';
import { ServiceAccountTokens } from '../../src/auth/service-account-tokens.js';
import { MemoryTokenStore } from '../../src/auth/token-store.js';
import { ErrorCode, GatewayError } from '../../src/errors.js';

class FakeOAuth {
  grants: Grant[] = [];
  failNext: GatewayError[] = [];
  counter = 0;
  async issue(grant: Grant): Promise<IssuedToken> {
    this.grants.push(grant);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const failure = this.failNext.shift();
    if (failure !== undefined) throw failure;
    this.counter += 1;
    return { accessToken: `token-${this.counter}`, expiresInSeconds: 1800, refreshToken: `refresh-${this.counter}` };
  }
}

function setup(account: ConstructorParameters<typeof ServiceAccountTokens>[2] = { grant: 'password', username: 'svc', password: 'pw' }) {
  let clock = 1_000_000;
  const oauth = new FakeOAuth();
  const events: string[] = [];
  const tokens = new ServiceAccountTokens(
    new MemoryTokenStore(),
    oauth as unknown as OAuthClient,
    account,
    'client-id',
    {
      issued: (grant) => events.push(`issued:${grant}`),
      grantFailed: (grant) => events.push(`grant-failed:${grant}`),
      renewed: (outcome) => events.push(`renewed:${outcome}`),
      renewalFailedUsingOld: () => events.push('kept-old'),
    },
    () => clock,
  );
  return { tokens, oauth, events, advance: (ms: number) => (clock += ms) };
}

describe('ServiceAccountTokens', () => {
  it('keys the store by a digest, never by the username', () => {
    const { tokens } = setup();
    expect(tokens.key).toMatch(/^getty-token:[0-9a-f]{24}$/);
    expect(tokens.key).not.toContain('svc');
  });

  it('issues once for many concurrent callers and reuses the token until shortly before expiry', async () => {
    const { tokens, oauth, advance } = setup();
    const answers = await Promise.all(Array.from({ length: 50 }, () => tokens.tokensFor([tokens.key])));
    expect(new Set(answers.flat())).toEqual(new Set(['token-1']));
    expect(oauth.grants).toHaveLength(1);

    advance(1800_000 - 61_000);
    expect(await tokens.tokensFor([tokens.key])).toEqual(['token-1']);
    advance(2_000);
    expect(await tokens.tokensFor([tokens.key])).toEqual(['token-2']);
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['password', 'refresh_token']);
    expect(oauth.grants[1]).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' });
  });

  it('falls back to the password grant when the refresh token is refused', async () => {
    const { tokens, oauth, advance } = setup();
    await tokens.tokensFor([tokens.key]);
    advance(1800_000);
    oauth.failNext.push(new GatewayError(ErrorCode.Unauthenticated, 'refused'));
    expect(await tokens.tokensFor([tokens.key])).toEqual(['token-2']);
    expect(oauth.grants.map((g) => g.grant_type)).toEqual(['password', 'refresh_token', 'password']);
  });

  it('uses a configured refresh token, then the newest one Getty returned', async () => {
    const { tokens, oauth, advance } = setup({ grant: 'refresh_token', refreshToken: 'configured' });
    await tokens.tokensFor([tokens.key]);
    advance(1800_000);
    await tokens.tokensFor([tokens.key]);
    expect(oauth.grants).toEqual([
      { grant_type: 'refresh_token', refresh_token: 'configured' },
      { grant_type: 'refresh_token', refresh_token: 'refresh-1' },
    ]);
  });

  it('keeps serving the old token while it is valid if renewal fails, and fails once it expired', async () => {
    const { tokens, oauth, advance, events } = setup();
    await tokens.tokensFor([tokens.key]);
    advance(1800_000 - 30_000);
    const outage = new GatewayError(ErrorCode.UpstreamUnavailable, 'down');
    oauth.failNext.push(outage, outage);
    expect(await tokens.tokensFor([tokens.key])).toEqual(['token-1']);
    expect(events).toContain('kept-old');
    advance(60_000);
    oauth.failNext.push(outage, outage);
    await expect(tokens.tokensFor([tokens.key])).rejects.toBe(outage);
  });
});

describe('parseTokenAnswer', () => {
  it('accepts expires_in as a number or a numeric string', () => {
    expect(parseTokenAnswer({ access_token: 'a', expires_in: '1800', token_type: 'Bearer' })).toEqual({
      accessToken: 'a',
      expiresInSeconds: 1800,
      refreshToken: undefined,
    });
    expect(parseTokenAnswer({ access_token: 'a', expires_in: 60, refresh_token: 'r' })).toEqual({ accessToken: 'a', expiresInSeconds: 60, refreshToken: 'r' });
  });

  it.each([{ expires_in: '1800' }, { access_token: 'a', expires_in: 'soon' }, { access_token: 'a' }, null])('rejects %j as UPSTREAM_BAD_RESPONSE', (body) => {
    expect(() => parseTokenAnswer(body)).toThrow(GatewayError);
  });
});

describe('ServiceAccountTokens with a refresh lock held elsewhere', () => {
  it("waits for the holder's token in the store instead of calling the token endpoint", async () => {
    const store = new MemoryTokenStore();
    const oauth = new FakeOAuth();
    const clock = 1_000_000;
    const heldElsewhere = { tryAcquire: async () => undefined };
    const tokens = new ServiceAccountTokens(
      store,
      oauth as unknown as OAuthClient,
      { grant: 'password', username: 'svc', password: 'pw' },
      'client-id',
      { issued: () => undefined, grantFailed: () => undefined, renewed: () => undefined, renewalFailedUsingOld: () => undefined },
      () => clock,
      heldElsewhere,
      async () => {
        await store.set(tokens.key, { accessToken: 'from-another-instance', refreshAt: clock + 60_000, expiresAt: clock + 120_000 });
      },
    );
    expect(await tokens.tokensFor([tokens.key])).toEqual(['from-another-instance']);
    expect(oauth.grants).toHaveLength(0);
  });
});
