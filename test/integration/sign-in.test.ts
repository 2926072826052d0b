import { afterEach, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { chooseUser, CookieJar, signIn } from './browser-session.js';
import { errorCodes, startStack } from './harness.js';
import type { GraphQLResponse, Stack } from './harness.js';

const MINE = '{ downloads(first: 50) { totalCount nodes { downloadedBy { username } } } }';
const SIGN_IN = readConfig({}).signIn;

interface Mine {
  downloads: { totalCount: number; nodes: Array<{ downloadedBy: { username: string | null } | null }> };
}

const usernames = (response: GraphQLResponse) => new Set((response.body.data as unknown as Mine).downloads.nodes.map((node) => node.downloadedBy?.username));
const totalCount = (response: GraphQLResponse) => (response.body.data as unknown as Mine).downloads.totalCount;

describe('browser sign-in (authorization code with PKCE, server-side sessions)', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  const tokenCalls = (s: Stack) => s.sandbox.stats.requests.filter((request) => request.path === '/oauth2/token');
  const asBrowser = (s: Stack, jar: CookieJar, query = MINE) => s.graphql(query, undefined, jar.header());
  const session = async (s: Stack, jar: CookieJar) => (await jar.fetch(`${s.url}/auth/session`)).response.json() as Promise<Record<string, unknown>>;

  it('sends the browser to the authorize page with PKCE S256, a fresh state and the callback, bound to a pre-login cookie', async () => {
    stack = await startStack();
    const jar = new CookieJar();
    const { response, set } = await jar.fetch(`${stack.url}/auth/login`);
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(stack.sandbox.authorizeUrl);
    const params = Object.fromEntries(location.searchParams);
    expect(params).toEqual({
      response_type: 'code',
      client_id: stack.sandbox.apiKey,
      redirect_uri: `${stack.url}/auth/callback`,
      state: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
    });
    expect(set.map((cookie) => cookie.name)).toEqual(['gateway-login']);
    const login = set[0]!;
    expect(login.value).toMatch(/^[\w-]{43}$/);
    expect([...login.attributes.keys()].sort()).toEqual(['httponly', 'max-age', 'path', 'samesite']);
    expect(login.attributes.get('samesite')).toBe('Lax');
    expect(login.attributes.get('path')).toBe('/');
    // Nothing in the browser's hands is the secret half of PKCE or the state itself.
    expect(login.value).not.toBe(params.state);

    const again = new URL((await new CookieJar().fetch(`${stack.url}/auth/login`)).response.headers.get('location') ?? '');
    expect(again.searchParams.get('state')).not.toBe(params.state);
    expect(again.searchParams.get('code_challenge')).not.toBe(params.code_challenge);
  });

  it('creates a session at the callback: a new random id in an HttpOnly SameSite=Lax cookie, and GraphQL runs as that customer', async () => {
    stack = await startStack();
    const jar = new CookieJar();
    const { response, set } = await signIn(jar, stack.url, 'bob.k');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const sessionCookie = set.find((cookie) => cookie.name === 'gateway-session');
    expect(sessionCookie?.value).toMatch(/^[\w-]{43}$/);
    expect(sessionCookie?.attributes.get('httponly')).toBe('');
    expect(sessionCookie?.attributes.get('samesite')).toBe('Lax');
    expect(sessionCookie?.attributes.get('path')).toBe('/');
    expect(sessionCookie?.attributes.has('secure')).toBe(false);
    expect(sessionCookie?.attributes.get('max-age')).toBe(String(SIGN_IN.maxAgeMs / 1000));
    expect(jar.cookies.has('gateway-login')).toBe(false);

    const mine = await asBrowser(stack, jar);
    expect(mine.body.errors).toBeUndefined();
    expect(usernames(mine)).toEqual(new Set(['bob.k']));
    const asBob = await stack.graphql(MINE, undefined, { authorization: 'Bearer sandbox-bob' });
    expect(totalCount(mine)).toBe(totalCount(asBob));
    // Without the cookie, the sandbox's service account (alice.w) answers: the cookie is what made it Bob.
    expect(usernames(await stack.graphql(MINE))).toEqual(new Set(['alice.w']));

    const state = await session(stack, jar);
    expect(state).toEqual({ signedIn: true, signInAvailable: true, user: 'Bob Kowalski', expiresAt: expect.any(String) });
    const issued = stack.sandbox.issuedTokens();
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) {
      expect(JSON.stringify(state)).not.toContain(token);
      expect([...jar.cookies.values()]).not.toContain(token);
      expect(stack.logText()).not.toContain(token);
    }
    expect(stack.logText()).not.toContain(sessionCookie?.value);
  });

  it('serves a __Host- cookie with Secure when PUBLIC_URL is https, and sends that origin as the redirect URI', async () => {
    stack = await startStack({ config: { signIn: { ...SIGN_IN, publicUrl: 'https://downloads.example.com' } } });
    const jar = new CookieJar();
    const login = await jar.fetch(`${stack.url}/auth/login`);
    const location = login.response.headers.get('location') ?? '';
    expect(new URL(location).searchParams.get('redirect_uri')).toBe('https://downloads.example.com/auth/callback');
    expect(login.set.map((cookie) => [cookie.name, cookie.attributes.has('secure')])).toEqual([['__Host-gateway-login', true]]);
    // The browser would be sent to the public origin; the test brings the answer to the gateway's own port.
    const back = new URL(await chooseUser(location, 'carol.m'));
    const { response, set } = await jar.fetch(`${stack.url}/auth/callback${back.search}`);
    expect(response.status).toBe(303);
    const cookie = set.find((candidate) => candidate.name === '__Host-gateway-session');
    expect(cookie?.attributes.has('secure')).toBe(true);
    expect(cookie?.attributes.get('path')).toBe('/');
    expect(cookie?.attributes.has('domain')).toBe(false);
    expect(usernames(await asBrowser(stack, jar))).toEqual(new Set(['carol.m']));
    const logout = await jar.fetch(`${stack.url}/auth/logout`, { method: 'POST', headers: { origin: 'https://downloads.example.com' } });
    expect(logout.response.status).toBe(204);
    expect(logout.set.map((c) => [c.name, c.attributes.has('secure')])).toEqual([['__Host-gateway-session', true]]);
  });

  it('comes back to a same-origin path only', async () => {
    stack = await startStack();
    const back = async (returnTo: string) => {
      const jar = new CookieJar();
      const login = await jar.fetch(`${stack!.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      const callback = await jar.fetch(await chooseUser(login.response.headers.get('location') ?? '', 'bob.k'));
      return callback.response.headers.get('location');
    };
    expect(await back('/?company=1&page=2')).toBe('/?company=1&page=2');
    expect(await back('//evil.example/')).toBe('/');
    expect(await back('/\\evil.example/')).toBe('/');
    expect(await back('https://evil.example/')).toBe('/');
  });

  it('refreshes the access token at expiry with ONE token call for 20 concurrent requests', async () => {
    let clock = Date.now();
    const s = (stack = await startStack({ now: () => new Date(clock), sandbox: { tokenTtlSeconds: 1800 } }));
    const jar = new CookieJar();
    await signIn(jar, s.url, 'bob.k');
    expect(tokenCalls(s).map((call) => call.grantType)).toEqual(['password', 'authorization_code']);

    clock += 1800 * 1000 - 30_000; // inside the refresh margin, still valid
    s.sandbox.resetStats();
    const burst = await Promise.all(Array.from({ length: 20 }, () => asBrowser(s, jar)));
    for (const response of burst) expect(usernames(response)).toEqual(new Set(['bob.k']));
    expect(tokenCalls(s).map((call) => call.grantType)).toEqual(['refresh_token']);

    clock += 60_000; // past the old token's expiry: only the refreshed token works now
    s.sandbox.resetStats();
    const after = await Promise.all(Array.from({ length: 20 }, () => asBrowser(s, jar)));
    for (const response of after) expect(response.body.errors).toBeUndefined();
    expect(tokenCalls(s)).toEqual([]);
  });

  it('signs out: the session is deleted and the cookie cleared; a cross-site POST is refused', async () => {
    stack = await startStack();
    const jar = new CookieJar();
    await signIn(jar, stack.url, 'bob.k');
    const stolen = jar.header();

    const crossSite: Array<Record<string, string>> = [{}, { origin: 'https://evil.example' }];
    for (const headers of crossSite) {
      const refused = await jar.fetch(`${stack.url}/auth/logout`, { method: 'POST', headers });
      expect(refused.response.status).toBe(403);
      expect(errorCodes({ status: 403, headers: refused.response.headers, body: (await refused.response.json()) as GraphQLResponse['body'] })).toEqual(['FORBIDDEN']);
    }
    expect(usernames(await asBrowser(stack, jar))).toEqual(new Set(['bob.k']));

    const { response, set } = await jar.fetch(`${stack.url}/auth/logout`, { method: 'POST', headers: { origin: stack.url } });
    expect(response.status).toBe(204);
    expect(set.map((cookie) => [cookie.name, cookie.attributes.get('max-age')])).toEqual([['gateway-session', '0']]);
    expect(await session(stack, jar)).toEqual({ signedIn: false, signInAvailable: true });
    // The old cookie, replayed, is worth nothing: the session is gone on the server.
    const replayed = await stack.graphql(MINE, undefined, stolen);
    expect(errorCodes(replayed)).toEqual(['UNAUTHENTICATED']);
    expect(replayed.body.errors?.[0]?.message).toMatch(/sign in again at \/auth\/login/);
  });

  it('refuses a callback whose state does not match, or that reaches a browser that never started the sign-in (login CSRF)', async () => {
    stack = await startStack();
    const jar = new CookieJar();
    const login = await jar.fetch(`${stack.url}/auth/login`);
    const back = new URL(await chooseUser(login.response.headers.get('location') ?? '', 'bob.k'));
    const forged = new URL(back);
    forged.searchParams.set('state', 'not-the-state');
    const mismatch = await jar.fetch(forged.toString());
    expect(mismatch.response.status).toBe(400);
    expect(await mismatch.response.json()).toEqual({
      errors: [{ message: expect.stringMatching(/state does not match/), extensions: { code: 'SIGN_IN_STATE_MISMATCH' } }],
    });
    expect(jar.cookies.has('gateway-session')).toBe(false);

    // The attacker's own callback URL, opened in a victim's browser: no pre-login cookie there.
    const victim = new CookieJar();
    const planted = await victim.fetch(back.toString(), { headers: { accept: 'text/html' } });
    expect(planted.response.status).toBe(400);
    expect(planted.response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await planted.response.text()).toContain('SIGN_IN_EXPIRED');
    expect(victim.cookies.has('gateway-session')).toBe(false);
    expect(tokenCalls(stack).filter((call) => call.grantType === 'authorization_code')).toEqual([]);
  });

  it('refuses a code Getty will not exchange: wrong verifier, reused code, foreign redirect URI', async () => {
    stack = await startStack();
    const s = stack;
    const jar = new CookieJar();
    const refusedWith = async (callback: URL) => {
      const { response } = await jar.fetch(callback.toString());
      expect(response.status).toBe(400);
      expect(((await response.json()) as GraphQLResponse['body']).errors?.[0]?.extensions?.code).toBe('SIGN_IN_FAILED');
      expect(jar.cookies.has('gateway-session')).toBe(false);
      expect(tokenCalls(s).at(-1)).toMatchObject({ grantType: 'authorization_code', status: 400 });
    };
    const startLogin = async () => (await jar.fetch(`${s.url}/auth/login`)).response.headers.get('location') ?? '';

    // Wrong verifier: a code issued for one sign-in, brought back with the state of a later one (whose verifier differs).
    const first = new URL(await chooseUser(await startLogin(), 'bob.k'));
    const second = new URL(await startLogin());
    const crossed = new URL(first);
    crossed.searchParams.set('state', second.searchParams.get('state') ?? '');
    await refusedWith(crossed);

    // Reused code: a completed sign-in's code, replayed with a new sign-in's state.
    const done = new URL(await chooseUser(await startLogin(), 'bob.k'));
    expect((await jar.fetch(done.toString())).response.status).toBe(303);
    jar.cookies.delete('gateway-session');
    const replay = new URL(done);
    replay.searchParams.set('state', new URL(await startLogin()).searchParams.get('state') ?? '');
    await refusedWith(replay);

    // Foreign redirect URI: the authorize request was altered to send the code elsewhere.
    const location = await startLogin();
    const elsewhere = new URL(await chooseUser(location, 'bob.k', { redirect_uri: 'https://evil.example/callback' }));
    expect(elsewhere.origin).toBe('https://evil.example');
    await refusedWith(new URL(`${s.url}/auth/callback${elsewhere.search}`));
  });

  it("keeps two browsers apart: each sees only its own customer's downloads", async () => {
    stack = await startStack();
    const s = stack;
    const bob = new CookieJar();
    const sam = new CookieJar();
    await Promise.all([signIn(bob, s.url, 'bob.k'), signIn(sam, s.url, 'sam.solo')]);
    expect(bob.cookies.get('gateway-session')).not.toBe(sam.cookies.get('gateway-session'));
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0 ? asBrowser(s, bob).then((r) => ['bob.k', r] as const) : asBrowser(s, sam).then((r) => ['sam.solo', r] as const),
      ),
    );
    for (const [who, response] of answers) expect(usernames(response)).toEqual(new Set([who]));
    expect((await session(s, bob)).user).toBe('Bob Kowalski');
    expect((await session(s, sam)).user).toBe('Sam Ortega');
  });

  it('lets a Bearer header win over the cookie, and refuses an unknown cookie instead of using the service account', async () => {
    stack = await startStack();
    const jar = new CookieJar();
    await signIn(jar, stack.url, 'bob.k');
    const both = await stack.graphql(MINE, undefined, { ...jar.header(), authorization: 'Bearer sandbox-sam' });
    expect(usernames(both)).toEqual(new Set(['sam.solo']));
    const unknown = await stack.graphql(MINE, undefined, { cookie: 'gateway-session=made-up' });
    expect(errorCodes(unknown)).toEqual(['UNAUTHENTICATED']);
    expect(unknown.body.errors?.[0]?.message).toMatch(/\/auth\/login/);
  });

  it('ends a session after SESSION_IDLE_MINUTES without use, and after SESSION_MAX_HOURS whatever its use', async () => {
    let clock = Date.now();
    const s = (stack = await startStack({ now: () => new Date(clock), config: { signIn: { ...SIGN_IN, idleMs: 10 * 60_000, maxAgeMs: 3_600_000 } } }));
    const idle = new CookieJar();
    const busy = new CookieJar();
    await signIn(idle, s.url, 'bob.k');
    await signIn(busy, s.url, 'carol.m');
    for (let minute = 0; minute < 55; minute += 5) {
      clock += 5 * 60_000;
      expect((await asBrowser(s, busy)).body.errors).toBeUndefined();
    }
    expect(errorCodes(await asBrowser(s, idle))).toEqual(['UNAUTHENTICATED']);
    clock += 6 * 60_000;
    expect(errorCodes(await asBrowser(s, busy))).toEqual(['UNAUTHENTICATED']);
  });

  it('says sign-in is off when there is no authorize page, and ignores session cookies then', async () => {
    stack = await startStack({ target: { authorizeUrl: undefined } });
    const login = await fetch(`${stack.url}/auth/login`, { redirect: 'manual' });
    expect(login.status).toBe(404);
    expect(((await login.json()) as GraphQLResponse['body']).errors?.[0]?.message).toMatch(/GETTY_AUTHORIZE_URL/);
    expect(await (await fetch(`${stack.url}/auth/session`)).json()).toEqual({ signedIn: false, signInAvailable: false });
    expect(usernames(await stack.graphql(MINE, undefined, { cookie: 'gateway-session=anything' }))).toEqual(new Set(['alice.w']));
  });
});
