import { startGatewayProcess } from './gateway-process.js';
import type { GatewayProcess } from './gateway-process.js';
import { startSandboxProcess } from './sandbox-process.js';
import type { SandboxProcess } from './sandbox-process.js';
import type { SandboxReady } from './sandbox-protocol.js';

/** The two processes under test, and what a caller sends. */
export interface BenchStack {
  sandbox: SandboxProcess;
  gateway: GatewayProcess;
  /** The headers the gateway's got client sends on every Getty call, but Authorization. */
  directHeaders: Record<string, string>;
  /**
   * `Bearer <token>` values, one per connection: each from its own password grant for the
   * service account's user, so all see the same downloads yet are distinct credentials.
   */
  callers: string[];
  stop(): Promise<void>;
}

export async function startStack(root: string, callerCount: number, cpuProfile: { dir: string; name: string } | undefined): Promise<BenchStack> {
  const sandbox = await startSandboxProcess();
  try {
    const gateway = await startGatewayProcess({ root, sandbox: sandbox.ready, cpuProfile });
    const callers: string[] = [];
    for (let index = 0; index < callerCount; index += 1) callers.push(`Bearer ${await passwordGrant(sandbox.ready)}`);
    return {
      sandbox,
      gateway,
      directHeaders: gettyClientHeaders(sandbox.ready),
      callers,
      stop: async () => {
        await gateway.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
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

/**
 * What src/getty/http.ts makes got send: the Api-Key, the gateway's user agent, and got's
 * default accept-encoding (gzip, deflate, br; zstd only where this Node has it).
 */
function gettyClientHeaders(sandbox: SandboxReady): Record<string, string> {
  const encodings = ['gzip', 'deflate', 'br', ...(typeof process.versions.zstd === 'string' ? ['zstd'] : [])];
  return {
    'api-key': sandbox.apiKey,
    'user-agent': 'getty-downloads-gateway',
    'accept-encoding': encodings.join(', '),
  };
}
