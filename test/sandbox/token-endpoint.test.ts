import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { buildDataset, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { clientForm, getDownloads, manualClock, NOW, parseJson, postToken } from './http.js';

const dataset = buildDataset({ today: NOW });
const clock = manualClock();
let sandbox: Sandbox;

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: string;
  refresh_token?: string;
}

beforeAll(async () => {
  // The clock stands still here, so a QPS limit would refuse all but the first calls; qps-and-stats.test.ts tests it.
  sandbox = await startSandbox({ now: clock.now, dataset, qpsLimit: 0, tokenTtlSeconds: 60 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.resetFaults();
});

async function passwordToken(username = 'carol.m', password = 'carol-password'): Promise<TokenAnswer> {
  const answer = await postToken(sandbox, clientForm(sandbox, { grant_type: 'password', username, password }));
  expect(answer.status).toBe(200);
  return parseJson(answer) as TokenAnswer;
}

describe('POST /oauth2/token', () => {
  it('issues an application token for client_credentials that cannot list downloads', async () => {
    const answer = await postToken(sandbox, clientForm(sandbox, { grant_type: 'client_credentials' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = parseJson(answer) as TokenAnswer;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: '60' });
    const downloads = await getDownloads(sandbox, {}, { token: body.access_token });
    expect(downloads.status).toBe(403);
    expect(parseJson(downloads)).toEqual({ message: 'Forbidden' });
  });

  it('accepts client credentials through HTTP Basic auth', async () => {
    const basic = Buffer.from(`${sandbox.apiKey}:${sandbox.apiSecret}`).toString('base64');
    const answer = await postToken(sandbox, { grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    expect(answer.status).toBe(200);
    expect((parseJson(answer) as TokenAnswer).token_type).toBe('Bearer');
  });

  it('rejects a bad client with 401 invalid_client', async () => {
    const answer = await postToken(sandbox, { grant_type: 'client_credentials', client_id: sandbox.apiKey, client_secret: 'wrong' });
    expect(answer.status).toBe(401);
    expect(parseJson(answer)).toEqual({ error: 'invalid_client' });
  });

  it('issues a customer token for the password grant, with expires_in as a string', async () => {
    const body = await passwordToken();
    expect(typeof body.expires_in).toBe('string');
    expect(body.expires_in).toBe('60');
    expect(body.refresh_token).toEqual(expect.any(String));
    sandbox.resetStats();
    const downloads = await getDownloads(sandbox, {}, { token: body.access_token });
    expect(downloads.status).toBe(200);
    expect(sandbox.stats.requests[0]?.bearerUser).toBe('carol.m');
  });

  it('rejects a wrong password or unknown user with 400 invalid_grant', async () => {
    for (const [username, password] of [
      ['carol.m', 'nope'],
      ['mallory', 'carol-password'],
    ]) {
      const answer = await postToken(sandbox, clientForm(sandbox, { grant_type: 'password', username: username!, password: password! }));
      expect(answer.status).toBe(400);
      expect(parseJson(answer)).toEqual({ error: 'invalid_grant' });
    }
  });

  it('refreshes repeatedly with the same refresh token', async () => {
    const first = await passwordToken('bob.k', 'bob-password');
    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token! };
    const second = parseJson(await postToken(sandbox, clientForm(sandbox, refresh))) as TokenAnswer;
    const third = parseJson(await postToken(sandbox, clientForm(sandbox, refresh))) as TokenAnswer;
    expect(second.refresh_token).toBe(first.refresh_token);
    expect(third.refresh_token).toBe(first.refresh_token);
    expect(new Set([first.access_token, second.access_token, third.access_token]).size).toBe(3);
    sandbox.resetStats();
    expect((await getDownloads(sandbox, {}, { token: third.access_token })).status).toBe(200);
    expect(sandbox.stats.requests[0]?.bearerUser).toBe('bob.k');
  });

  it('rejects an unknown refresh token with invalid_grant and an unknown grant with unsupported_grant_type', async () => {
    const badRefresh = await postToken(sandbox, clientForm(sandbox, { grant_type: 'refresh_token', refresh_token: 'nope' }));
    expect(badRefresh.status).toBe(400);
    expect(parseJson(badRefresh)).toEqual({ error: 'invalid_grant' });
    const badGrant = await postToken(sandbox, clientForm(sandbox, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'x' }));
    expect(badGrant.status).toBe(400);
    expect(parseJson(badGrant)).toEqual({ error: 'unsupported_grant_type' });
  });

  it('expires issued tokens by the injected clock but never the static demo tokens', async () => {
    const token = (await passwordToken()).access_token;
    clock.advance(59_000);
    expect((await getDownloads(sandbox, {}, { token })).status).toBe(200);
    clock.advance(1_000);
    const expired = await getDownloads(sandbox, {}, { token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    clock.advance(86_400_000);
    expect((await getDownloads(sandbox, {}, { token: 'sandbox-carol' })).status).toBe(200);
  });

  it('answers other methods with 405', async () => {
    const answer = await fetch(sandbox.tokenUrl);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('POST');
  });

  it('applies scripted token faults in order, then answers normally', async () => {
    sandbox.script('token', { kind: 'status', status: 503 }, { kind: 'wrong-shape' }, { kind: 'status', status: 400 });
    const form = clientForm(sandbox, { grant_type: 'client_credentials' });
    const unavailable = await postToken(sandbox, form);
    expect(unavailable.status).toBe(503);
    expect(parseJson(unavailable)).toEqual({ message: 'Service Unavailable' });
    const wrongShape = await postToken(sandbox, form);
    expect(wrongShape.status).toBe(200);
    expect(parseJson(wrongShape)).toEqual({ access_token: 42 });
    const badRequest = await postToken(sandbox, form);
    expect(parseJson(badRequest)).toEqual({ error: 'invalid_request' });
    expect((await postToken(sandbox, form)).status).toBe(200);
  });
});

describe('demo users', () => {
  it('exposes the demo users, their tokens and the service account', () => {
    expect(sandbox.serviceAccount).toEqual({ username: 'alice.w', password: 'alice-password' });
    expect(sandbox.demoUsers.map((u) => [u.username, u.bearerToken, u.displayName, u.companyDownloadsEnabled])).toEqual([
      ['alice.w', 'sandbox-alice', 'Alice Wong', true],
      ['bob.k', 'sandbox-bob', 'Bob Kowalski', true],
      ['carol.m', 'sandbox-carol', 'Carol Anne Martin', true],
      ['ingest.bot', 'sandbox-ingest', 'ingest.bot', true],
      ['sam.solo', 'sandbox-sam', 'Sam Ortega', false],
    ]);
    expect(sandbox.tokenUrl).toBe(`${sandbox.url}/oauth2/token`);
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
