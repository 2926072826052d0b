import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDataset, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { clientForm, getDownloads, manualClock, NOW, parseJson, postToken } from './http.js';
import type { Answer } from './http.js';

const dataset = buildDataset({ today: NOW });

describe('qpsLimit', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ now: clock.now, dataset, qpsLimit: 2 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const passwordGrant = () => postToken(sandbox, clientForm(sandbox, { grant_type: 'password', username: 'bob.k', password: 'bob-password' }));
  const expectGettys429 = (answer: Answer) => {
    expect(answer.status).toBe(429);
    expect(parseJson(answer)).toEqual({ message: 'Too Many Requests' });
    expect(answer.headers.get('x-error-detail')).toBe('Account Over Queries Per Second Limit');
    expect(answer.headers.get('retry-after')).toBeNull();
  };

  it("answers calls beyond the API key's limit within 1 s with Getty's 429, whatever token they carry", async () => {
    expect((await getDownloads(sandbox)).status).toBe(200);
    clock.advance(500);
    expect((await getDownloads(sandbox, {}, { token: 'sandbox-bob' })).status).toBe(200);
    clock.advance(499);
    expectGettys429(await getDownloads(sandbox, {}, { token: 'sandbox-carol' }));
    clock.advance(1);
    expect((await getDownloads(sandbox, {}, { token: 'sandbox-carol' })).status).toBe(200);
    expectGettys429(await getDownloads(sandbox, {}, { token: 'sandbox-bob' }));
  });

  it('counts token requests against the same limit, and answers them the same way', async () => {
    clock.advance(5_000);
    expect((await passwordGrant()).status).toBe(200);
    expect((await getDownloads(sandbox)).status).toBe(200);
    expectGettys429(await passwordGrant());
    expectGettys429(await getDownloads(sandbox));
  });

  it('does not count calls without the API key, which Getty cannot attribute to it', async () => {
    clock.advance(5_000);
    expect((await getDownloads(sandbox, {}, { apiKey: null })).status).toBe(401);
    expect((await postToken(sandbox, { grant_type: 'password', username: 'bob.k', password: 'bob-password' })).status).toBe(401);
    expect((await getDownloads(sandbox)).status).toBe(200);
    expect((await getDownloads(sandbox)).status).toBe(200);
  });

  it('shows every 429 in its request log, with the time each call arrived', async () => {
    clock.advance(5_000);
    sandbox.resetStats();
    const arrivedAt = clock.now().getTime();
    for (let n = 0; n < 4; n += 1) await getDownloads(sandbox);
    expect(sandbox.stats.requests.map((r) => [r.status, r.receivedAt])).toEqual([
      [200, arrivedAt],
      [200, arrivedAt],
      [429, arrivedAt],
      [429, arrivedAt],
    ]);
  });

  it('is on by default, at 5 calls per second', async () => {
    const frozen = await startSandbox({ now: () => NOW, dataset });
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 7; n += 1) statuses.push((await getDownloads(frozen)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await frozen.close();
    }
  });
});

describe('stats', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // The clock stands still here: the QPS limit would refuse all but the first calls.
    sandbox = await startSandbox({ now: () => NOW, dataset, qpsLimit: 0 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('counts requests per endpoint and records what was sent and answered', async () => {
    sandbox.resetStats();
    await getDownloads(sandbox, { page: '2', page_size: '10' }, { headers: { 'Accept-Language': 'de' } });
    await getDownloads(sandbox, {}, { apiKey: null });
    await postToken(sandbox, clientForm(sandbox, { grant_type: 'password', username: 'bob.k', password: 'bob-password' }));
    sandbox.script('downloads', { kind: 'status', status: 500 });
    await getDownloads(sandbox, {}, { token: 'sandbox-sam' });

    const stats = sandbox.stats;
    expect([stats.downloads, stats.token, stats.thumbnails]).toEqual([3, 1, 0]);
    expect(stats.requests).toEqual([
      {
        path: '/v3/downloads',
        method: 'GET',
        query: { page: '2', page_size: '10' },
        acceptLanguage: 'de',
        hasApiKey: true,
        bearerUser: 'alice.w',
        status: 200,
        receivedAt: NOW.getTime(),
      },
      // Node's fetch sends `Accept-Language: *` unless told otherwise.
      { path: '/v3/downloads', method: 'GET', query: {}, acceptLanguage: '*', hasApiKey: false, bearerUser: 'alice.w', status: 401, receivedAt: NOW.getTime() },
      { path: '/oauth2/token', method: 'POST', query: {}, acceptLanguage: '*', hasApiKey: false, grantType: 'password', status: 200, receivedAt: NOW.getTime() },
      { path: '/v3/downloads', method: 'GET', query: {}, acceptLanguage: '*', hasApiKey: true, bearerUser: 'sam.solo', status: 500, receivedAt: NOW.getTime() },
    ]);
    sandbox.resetStats();
    expect(sandbox.stats).toEqual({ downloads: 0, token: 0, thumbnails: 0, requests: [] });
  });

  it('keeps only the last 1,000 requests, oldest first', async () => {
    sandbox.resetStats();
    // Sequential, so the arrival order is known.
    for (let n = 0; n < 1005; n += 1) await fetch(`${sandbox.url}/nowhere?n=${n}`).then((r) => r.text());
    const requests = sandbox.stats.requests;
    expect(requests.length).toBe(1000);
    expect(requests[0]?.query).toEqual({ n: '5' });
    expect(requests[999]?.query).toEqual({ n: '1004' });
    expect(requests[0]?.status).toBe(404);
  });
});
