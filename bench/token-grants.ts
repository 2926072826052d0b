import type { SandboxReady } from './sandbox-protocol.js';

/**
 * `Bearer <token>` values, each from its own password grant for the service account's user:
 * all see the same downloads, yet each is a distinct credential to the gateway.
 */
export async function grantBearers(sandbox: SandboxReady, count: number, inFlight = 1): Promise<string[]> {
  const bearers = new Array<string>(count);
  let claimed = 0;
  const worker = async () => {
    while (claimed < count) {
      const index = claimed;
      claimed += 1;
      bearers[index] = `Bearer ${await passwordGrant(sandbox)}`;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  return bearers;
}

async function passwordGrant(sandbox: SandboxReady): Promise<string> {
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: sandbox.apiKey,
      client_secret: sandbox.apiSecret,
      username: sandbox.serviceAccount.username,
      password: sandbox.serviceAccount.password,
    }),
  });
  const body: unknown = await response.json();
  const token = typeof body === 'object' && body !== null && 'access_token' in body ? body.access_token : undefined;
  if (!response.ok || typeof token !== 'string') throw new Error(`the sandbox token endpoint answered ${response.status}`);
  return token;
}
