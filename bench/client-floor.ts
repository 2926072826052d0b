import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { percentile } from './percentiles.js';
import type { SandboxReady } from './sandbox-protocol.js';

/** CPU per upstream call in this process, for the gateway's got client and for node:http by hand. */
export interface ClientFloor {
  inFlight: number;
  calls: number;
  /** Median over rounds, microseconds of CPU per call. */
  gotUs: number;
  nodeHttpUs: number;
}

export interface ClientFloorPlan {
  root: string;
  sandbox: SandboxReady;
  /** The headers the gateway sends, but Authorization. */
  headers: Record<string, string>;
  authorization: string;
  search: string;
  inFlight: number;
  callsPerRound: number;
  rounds: number;
}

type Call = () => Promise<unknown>;

/**
 * The same `GET /v3/downloads` through `src/getty/client.ts` on the gateway's own got
 * instance (body parsed and validated, as the gateway does), and through bare node:http
 * with a keep-alive agent and a JSON.parse: the least any client must spend. Rounds
 * alternate, so a slow spell of the machine hits both.
 */
export async function measureClientFloor(plan: ClientFloorPlan): Promise<ClientFloor> {
  const viaGot = await gettyClientCall(plan);
  const viaNodeHttp = nodeHttpCall(plan);
  const gotRounds: number[] = [];
  const nodeHttpRounds: number[] = [];
  for (let round = 0; round <= plan.rounds; round += 1) {
    const gotUs = await cpuMicrosPerCall(viaGot.call, plan.callsPerRound, plan.inFlight);
    const nodeHttpUs = await cpuMicrosPerCall(viaNodeHttp.call, plan.callsPerRound, plan.inFlight);
    // Round 0 warms both up (JIT, sockets) and is not counted.
    if (round > 0) {
      gotRounds.push(gotUs);
      nodeHttpRounds.push(nodeHttpUs);
    }
  }
  viaGot.close();
  viaNodeHttp.close();
  return { inFlight: plan.inFlight, calls: plan.callsPerRound * plan.rounds, gotUs: median(gotRounds), nodeHttpUs: median(nodeHttpRounds) };
}

async function gettyClientCall(plan: ClientFloorPlan): Promise<{ call: Call; close: () => void }> {
  // The compiled gateway, as `npm run build` left it: the bench is built separately from it.
  const modules = (file: string) => pathToFileURL(join(plan.root, 'dist', 'getty', file)).href;
  const { createUpstreamHttp } = (await import(modules('http.js'))) as typeof import('../src/getty/http.js');
  const { GettyClient } = (await import(modules('client.js'))) as typeof import('../src/getty/client.js');
  const policy = { timeoutMs: 10_000, maxBodyBytes: 2 * 1024 * 1024, retries: 2, retryBaseMs: 100, retryMaxDelayMs: 2_000 };
  const upstream = createUpstreamHttp(plan.sandbox.apiKey, policy, () => {});
  const client = new GettyClient(upstream.got, plan.sandbox.url, 'start_end', false);
  const auth = { accessToken: plan.authorization.replace(/^Bearer /, ''), acceptLanguage: undefined };
  return { call: () => client.downloads(plan.search, auth, 'bench'), close: () => upstream.close() };
}

function nodeHttpCall(plan: ClientFloorPlan): { call: Call; close: () => void } {
  const agent = new Agent({ keepAlive: true });
  const url = new URL(`${plan.sandbox.url}/v3/downloads?${plan.search}`);
  const headers = { ...plan.headers, authorization: plan.authorization };
  const call = () =>
    new Promise<unknown>((resolve, reject) => {
      const outgoing = request({ hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`node:http call answered ${response.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        });
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  return { call, close: () => agent.destroy() };
}

async function cpuMicrosPerCall(call: Call, calls: number, inFlight: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started += 1;
      await call();
    }
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / calls;
}

function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}
