import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDataset, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { clientForm, getDownloads, manualClock, NOW, parseJson, postToken } from './http.js';

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

  it('answers calls beyond the limit within 1 s with Getty\'s 429, per access token', async () => {
    expect((await getDownloads(sandbox)).status).toBe(200);
    clock.advance(500);
    expect((await getDownloads(sandbox)).status).toBe(200);
    clock.advance(499);
    const throttled = await getDownloads(sandbox);
    expect(throttled.status).toBe(429);
    expect(parseJson(throttled)).toEqual({ message: 'Too Many Requests' });
    expect(throttled.headers.get('x-error-detail')).toBe('Account Over Queries Per Second Limit');
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect((await getDownloads(sandbox, {}, { token: 'sandbox-bob' })).status).toBe(200);
    clock.advance(1);
    expect((await getDownloads(sandbox)).status).toBe(200);
    expect((await getDownloads(sandbox)).status).toBe(429);
  });
});

describe('stats', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => NOW, dataset });
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
        path: '/v3/downloads', method: 'GET', query: { page: '2', page_size: '10' },
        acceptLanguage: 'de', hasApiKey: true, bearerUser: 'alice.w', status: 200,
      },
      // Node's fetch sends `Accept-Language: *` unless told otherwise.
      { path: '/v3/downloads', method: 'GET', query: {}, acceptLanguage: '*', hasApiKey: false, bearerUser: 'alice.w', status: 401 },
      { path: '/oauth2/token', method: 'POST', query: {}, acceptLanguage: '*', hasApiKey: false, grantType: 'password', status: 200 },
      { path: '/v3/downloads', method: 'GET', query: {}, acceptLanguage: '*', hasApiKey: true, bearerUser: 'sam.solo', status: 500 },
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
