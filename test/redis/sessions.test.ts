import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { readConfig } from '../../src/config/env.js';
import { chooseUser, CookieJar } from '../integration/browser-session.js';
import { errorCodes, startStack } from '../integration/harness.js';
import type { GraphQLResponse, Stack } from '../integration/harness.js';
import { startRedisServer } from '../../bench/redis-server.js';
import type { RedisServer } from '../../bench/redis-server.js';

const MINE = '{ downloads(first: 20) { nodes { downloadedBy { username } } } }';
const SIGN_IN = readConfig({}).signIn;
/** Both instances stand behind one public origin, as behind a load balancer. */
const PUBLIC_URL = 'http://gateway.test';

const usernames = (response: GraphQLResponse) =>
  new Set(
    (response.body.data as { downloads: { nodes: Array<{ downloadedBy: { username: string } | null }> } }).downloads.nodes.map((node) => node.downloadedBy?.username),
  );

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

describe('browser sessions on Redis: any instance serves any session', () => {
  let stacks: Stack[] = [];
  afterEach(async () => {
    await Promise.all(stacks.map((stack) => stack.close()));
    stacks = [];
  });

  /**
   * Two gateways on one Redis and one Getty (the first stack's sandbox). No service account: its
   * own refresh, due on a clock moved forward, would be a second `refresh_token` call in the log.
   */
  async function twoInstances(prefix: string, now?: () => Date): Promise<[Stack, Stack]> {
    const config = { redis: { url: server.url, keyPrefix: prefix, assumedInstances: 2 }, signIn: { ...SIGN_IN, publicUrl: PUBLIC_URL } };
    const clock = now === undefined ? {} : { now };
    const first = await startStack({ config, serviceAccount: false, ...clock });
    const { url: apiUrl, tokenUrl: authUrl, authorizeUrl } = first.sandbox;
    const second = await startStack({ config, serviceAccount: false, ...clock, target: { apiUrl, authUrl, authorizeUrl } });
    stacks = [first, second];
    return [first, second];
  }

  /** Sign-in started at `loginAt`, its callback brought to `callbackAt`. */
  async function signInAcross(jar: CookieJar, loginAt: Stack, callbackAt: Stack, username: string): Promise<Response> {
    const login = await jar.fetch(`${loginAt.url}/auth/login`);
    const back = new URL(await chooseUser(login.response.headers.get('location') ?? '', username));
    expect(back.origin).toBe(PUBLIC_URL);
    return (await jar.fetch(`${callbackAt.url}/auth/callback${back.search}`)).response;
  }

  it('serves a session created through instance 1 on instance 2, and a sign-out on 2 ends it on 1', async () => {
    const [one, two] = await twoInstances('sessions-a:');
    const jar = new CookieJar();
    expect((await signInAcross(jar, one, one, 'bob.k')).status).toBe(303);
    expect(usernames(await two.graphql(MINE, undefined, jar.header()))).toEqual(new Set(['bob.k']));
    expect(await (await jar.fetch(`${two.url}/auth/session`)).response.json()).toMatchObject({ signedIn: true, user: 'Bob Kowalski' });

    // Redis holds digests of the id, never the id itself.
    const id = jar.cookies.get('gateway-session') ?? '';
    const keys = await redis.keys('sessions-a:session:*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain(id);
    expect(await redis.get(keys[0]!)).not.toContain(id);
    expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);

    expect((await jar.fetch(`${two.url}/auth/logout`, { method: 'POST', headers: { origin: PUBLIC_URL } })).response.status).toBe(204);
    expect(await redis.keys('sessions-a:session:*')).toEqual([]);
    const replayed = await one.graphql(MINE, undefined, { cookie: `gateway-session=${id}` });
    expect(errorCodes(replayed)).toEqual(['UNAUTHENTICATED']);
  });

  it('finishes on instance 2 a sign-in started on instance 1, once', async () => {
    const [one, two] = await twoInstances('sessions-b:');
    const jar = new CookieJar();
    const login = await jar.fetch(`${one.url}/auth/login`);
    const back = new URL(await chooseUser(login.response.headers.get('location') ?? '', 'sam.solo'));
    const replayJar = new CookieJar();
    for (const [name, value] of jar.cookies) replayJar.cookies.set(name, value);
    expect((await jar.fetch(`${two.url}/auth/callback${back.search}`)).response.status).toBe(303);
    expect(usernames(await one.graphql(MINE, undefined, jar.header()))).toEqual(new Set(['sam.solo']));
    // The pre-login record is spent: the same callback replayed on instance 1 finds nothing.
    const replay = await replayJar.fetch(`${one.url}/auth/callback${back.search}`);
    expect(((await replay.response.json()) as GraphQLResponse['body']).errors?.[0]?.extensions?.code).toBe('SIGN_IN_EXPIRED');
  });

  it('refreshes a session once across instances: one token call for 20 concurrent requests split over both', async () => {
    let clock = Date.now();
    const [one, two] = await twoInstances('sessions-c:', () => new Date(clock));
    const jar = new CookieJar();
    expect((await signInAcross(jar, one, one, 'carol.m')).status).toBe(303);
    clock += 1800 * 1000 - 30_000;
    one.sandbox.resetStats();
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? one : two).graphql(MINE, undefined, jar.header())));
    for (const response of burst) expect(usernames(response)).toEqual(new Set(['carol.m']));
    expect(one.sandbox.stats.requests.filter((request) => request.path === '/oauth2/token').map((request) => request.grantType)).toEqual(['refresh_token']);
  });
});
