import { startGatewayProcess } from './gateway-process.js';
import type { GatewayProcess } from './gateway-process.js';
import { startRedisServer } from './redis-server.js';
import { startSandboxProcess } from './sandbox-process.js';
import type { SandboxProcess } from './sandbox-process.js';
import type { SandboxReady } from './sandbox-protocol.js';
import { grantBearers } from './token-grants.js';

/** Where `node --cpu-prof` writes: one file per gateway process, `<name>-<gateway label>.cpuprofile`. */
export interface CpuProfileTarget {
  dir: string;
  name: string;
}

/** The processes under test, and what a caller sends. */
export interface BenchStack {
  sandbox: SandboxProcess;
  /** This tree's gateway with the response cache off: what most cells measure. */
  gateway: GatewayProcess;
  /** The headers the gateway's got client sends on every Getty call, but Authorization. */
  directHeaders: Record<string, string>;
  /**
   * `Bearer <token>` values, one per connection: each from its own password grant for the
   * service account's user, so all see the same downloads yet are distinct credentials.
   */
  callers: string[];
  /**
   * Another gateway process on the same sandbox, stopped with the stack: another build's
   * (`root`), or one with the response cache on. Its profile, if any, is `<name>-<label>`.
   */
  startGateway(root: string, responseCache: boolean, label: string): Promise<GatewayProcess>;
  /** Where each gateway's CPU profile is written, by label; empty when not profiling. */
  readonly profiles: Map<string, string>;
  stop(): Promise<void>;
}

export const MAIN_GATEWAY = 'main';

/** `redis`: every gateway on a redis-server started here, as deployed with several instances (`--redis`). */
export async function startStack(root: string, callerCount: number, cpuProfile: CpuProfileTarget | undefined, redis = false): Promise<BenchStack> {
  const redisServer = redis ? await startRedisServer() : undefined;
  const sandbox = await startSandboxProcess().catch(async (error: unknown) => {
    await redisServer?.stop();
    throw error;
  });
  const gateways: GatewayProcess[] = [];
  const profiles = new Map<string, string>();
  const startGateway = async (gatewayRoot: string, responseCache: boolean, label: string) => {
    const profile = cpuProfile === undefined ? undefined : { dir: cpuProfile.dir, name: `${cpuProfile.name.replace(/\.cpuprofile$/, '')}-${label}.cpuprofile` };
    const gateway = await startGatewayProcess({
      root: gatewayRoot,
      sandbox: sandbox.ready,
      responseCache,
      cpuProfile: profile,
      ...(redisServer === undefined ? {} : { redisUrl: redisServer.url }),
    });
    gateways.push(gateway);
    if (profile !== undefined) profiles.set(label, `${profile.dir}/${profile.name}`);
    return gateway;
  };
  const stop = async () => {
    for (const gateway of gateways) await gateway.stop();
    await sandbox.stop();
    await redisServer?.stop();
  };
  try {
    const gateway = await startGateway(root, false, MAIN_GATEWAY);
    return {
      sandbox,
      gateway,
      directHeaders: gettyClientHeaders(sandbox.ready),
      callers: await grantBearers(sandbox.ready, callerCount),
      startGateway,
      profiles,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
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
