import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDataset, startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { clientForm, getDownloads, manualClock, NOW, parseJson, postToken } from './http.js';

const dataset = buildDataset({ today: NOW });
const clock = manualClock();
const REDIRECT = 'http://127.0.0.1:9/auth/callback';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ now: clock.now, dataset, qpsLimit: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeParams(challenge: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: 'code',
    client_id: sandbox.apiKey,
    redirect_uri: REDIRECT,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** Submits the sign-in form as the browser would; resolves to the redirect back to the client. */
async function signIn(challenge: string, username = 'bob.k', overrides: Record<string, string> = {}): Promise<URL> {
  const response = await fetch(sandbox.authorizeUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...authorizeParams(challenge, overrides), username, decision: 'allow' }).toString(),
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function exchange(code: string, verifier: string, redirectUri = REDIRECT) {
  return postToken(sandbox, clientForm(sandbox, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri }));
}

describe('GET /oauth2/authorize', () => {
  it('shows a sign-in form listing the demo users, carrying the request in hidden fields', async () => {
    const { challenge } = pkce();
    const response = await fetch(`${sandbox.authorizeUrl}?${new URLSearchParams(authorizeParams(challenge)).toString()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:9");
    const html = await response.text();
    for (const user of sandbox.demoUsers) expect(html).toContain(`value="${user.username}"`);
    expect(html).toContain(`name="code_challenge" value="${challenge}"`);
    expect(html).toContain('name="state" value="state-123"');
    for (const user of sandbox.demoUsers) expect(html).not.toContain(user.password);
  });

  it('refuses an unknown client or a relative redirect_uri on the spot, redirecting nowhere', async () => {
    const { challenge } = pkce();
    const faults: Array<Record<string, string>> = [{ client_id: 'someone-else' }, { redirect_uri: '/auth/callback' }, { redirect_uri: 'javascript:alert(1)' }];
    for (const overrides of faults) {
      const response = await fetch(`${sandbox.authorizeUrl}?${new URLSearchParams(authorizeParams(challenge, overrides)).toString()}`, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  it('sends a request without PKCE back with error=invalid_request and the state', async () => {
    const response = await fetch(`${sandbox.authorizeUrl}?${new URLSearchParams(authorizeParams('', { code_challenge_method: 'plain' })).toString()}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const back = new URL(response.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('state')).toBe('state-123');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('sends a cancelled sign-in back with error=access_denied', async () => {
    const { challenge } = pkce();
    const response = await fetch(sandbox.authorizeUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...authorizeParams(challenge), decision: 'cancel' }).toString(),
    });
    const back = new URL(response.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });
});

describe('grant_type=authorization_code', () => {
  it("issues the chosen user's token for the code, the right verifier and redirect_uri", async () => {
    const { verifier, challenge } = pkce();
    const back = await signIn(challenge, 'bob.k');
    expect(back.searchParams.get('state')).toBe('state-123');
    const code = back.searchParams.get('code') ?? '';
    const answer = await exchange(code, verifier);
    expect(answer.status).toBe(200);
    const body = parseJson(answer) as { access_token: string; refresh_token: string; expires_in: string };
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: '1800', refresh_token: expect.any(String) });
    const downloads = await getDownloads(sandbox, { page_size: '1' }, { token: body.access_token });
    expect(downloads.status).toBe(200);
    expect((parseJson(downloads) as { downloads: Array<{ user: { username: string } }> }).downloads[0]?.user.username).toBe('bob.k');
  });

  it('refuses a wrong verifier with invalid_grant, and the code is spent', async () => {
    const { verifier, challenge } = pkce();
    const code = (await signIn(challenge)).searchParams.get('code') ?? '';
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(parseJson(wrong)).toEqual({ error: 'invalid_grant', error_description: 'The code_verifier does not match the code_challenge.' });
    const retry = await exchange(code, verifier);
    expect(parseJson(retry)).toEqual({ error: 'invalid_grant', error_description: 'The authorization code has already been used.' });
  });

  it('refuses a reused code with invalid_grant', async () => {
    const { verifier, challenge } = pkce();
    const code = (await signIn(challenge)).searchParams.get('code') ?? '';
    expect((await exchange(code, verifier)).status).toBe(200);
    const again = await exchange(code, verifier);
    expect(again.status).toBe(400);
    expect(parseJson(again)).toEqual({ error: 'invalid_grant', error_description: 'The authorization code has already been used.' });
  });

  it('refuses a redirect_uri other than the one the code was issued for', async () => {
    const { verifier, challenge } = pkce();
    const code = (await signIn(challenge)).searchParams.get('code') ?? '';
    const foreign = await exchange(code, verifier, 'https://evil.example/auth/callback');
    expect(foreign.status).toBe(400);
    expect(parseJson(foreign)).toEqual({ error: 'invalid_grant', error_description: 'The redirect_uri does not match the one of the authorization request.' });
  });

  it('refuses an unknown or expired code', async () => {
    const { verifier, challenge } = pkce();
    expect(parseJson(await exchange('no-such-code', verifier))).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is unknown.' });
    const code = (await signIn(challenge)).searchParams.get('code') ?? '';
    clock.advance(61_000);
    expect(parseJson(await exchange(code, verifier))).toEqual({ error: 'invalid_grant', error_description: 'The authorization code has expired.' });
  });

  it('refuses the exchange without the client secret, with invalid_client', async () => {
    const { verifier, challenge } = pkce();
    const code = (await signIn(challenge)).searchParams.get('code') ?? '';
    const answer = await postToken(sandbox, { grant_type: 'authorization_code', client_id: sandbox.apiKey, code, code_verifier: verifier, redirect_uri: REDIRECT });
    expect(answer.status).toBe(401);
    expect(parseJson(answer)).toEqual({ error: 'invalid_client' });
  });
});
