import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { buildDataset, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { getDownloads, NOW, parseJson } from './http.js';

const dataset = buildDataset({ today: NOW });
let sandbox: Sandbox;

beforeAll(async () => {
  // The clock stands still here, so a QPS limit would refuse all but the first calls; qps-and-stats.test.ts tests it.
  sandbox = await startSandbox({ now: () => NOW, dataset, qpsLimit: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
// Each test starts from the sandbox's own settings, whatever the one before left set or scripted.
beforeEach(() => {
  sandbox.resetFaults();
});

function calm(): void {
  sandbox.faults = { latencyMs: 0, rate429: 0, rate500: 0, hangRate: 0, garbageRate: 0 };
}

async function statuses(target: Sandbox, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i += 1) result.push((await getDownloads(target)).status);
  return result;
}

describe('scripted faults on /v3/downloads', () => {
  it('are consumed in order by the next requests, then answers are normal', async () => {
    sandbox.script('downloads', { kind: 'status', status: 503 }, { kind: 'garbage' }, { kind: 'wrong-shape' });
    const unavailable = await getDownloads(sandbox);
    expect(unavailable.status).toBe(503);
    expect(parseJson(unavailable)).toEqual({ message: 'Service Unavailable' });

    const garbage = await getDownloads(sandbox);
    expect(garbage.status).toBe(200);
    expect(garbage.headers.get('content-type')).toContain('application/json');
    expect((): unknown => JSON.parse(garbage.text)).toThrow(SyntaxError);

    const wrongShape = await getDownloads(sandbox);
    expect(wrongShape.status).toBe(200);
    expect(parseJson(wrongShape)).toEqual({ downloads: 'nope' });

    const normal = await getDownloads(sandbox);
    expect(normal.status).toBe(200);
    expect((parseJson(normal) as { downloads: unknown[] }).downloads.length).toBe(30);
  });

  it("make a 429 look like Getty's throttle, with extra headers when scripted", async () => {
    sandbox.script('downloads', { kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
    const answer = await getDownloads(sandbox);
    expect(answer.status).toBe(429);
    expect(parseJson(answer)).toEqual({ message: 'Too Many Requests' });
    expect(answer.headers.get('x-error-detail')).toBe('Account Over Queries Per Second Limit');
    expect(answer.headers.get('retry-after')).toBe('2');
  });

  it('serialize a scripted body as JSON and challenge on a scripted 401', async () => {
    sandbox.script('downloads', { kind: 'status', status: 502, body: { oops: true } }, { kind: 'status', status: 401 });
    const custom = await getDownloads(sandbox);
    expect(custom.status).toBe(502);
    expect(parseJson(custom)).toEqual({ oops: true });
    const unauthorized = await getDownloads(sandbox);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toContain('realm="Download"');
  });

  it('delay the answer with a scripted latency, then answer normally', async () => {
    sandbox.script('downloads', { kind: 'latency', ms: 120 });
    const started = performance.now();
    const answer = await getDownloads(sandbox);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(answer.status).toBe(200);
  });

  it('run before the rates apply', async () => {
    sandbox.faults.rate500 = 1;
    sandbox.script('downloads', { kind: 'wrong-shape' });
    expect(parseJson(await getDownloads(sandbox))).toEqual({ downloads: 'nope' });
    expect((await getDownloads(sandbox)).status).toBe(500);
    calm();
  });

  it('refuse invalid steps', () => {
    expect(() => sandbox.script('downloads', { kind: 'status', status: 99 })).toThrow('scripted status must be an integer 200..599');
    expect(() => sandbox.script('downloads', { kind: 'latency', ms: -1 })).toThrow('scripted latency');
  });
});

describe('fault rates on /v3/downloads', () => {
  it('fault every answer at rate 1 and none after resetting at runtime', async () => {
    sandbox.faults.rate500 = 1;
    const failures = await Promise.all([1, 2, 3, 4, 5].map(() => getDownloads(sandbox)));
    expect(failures.map((a) => a.status)).toEqual([500, 500, 500, 500, 500]);
    expect(parseJson(failures[0]!)).toEqual({ message: 'Internal Server Error' });
    calm();
    expect(await statuses(sandbox, 3)).toEqual([200, 200, 200]);
  });

  it('answer rate429 with the throttle shape and no Retry-After', async () => {
    sandbox.faults.rate429 = 1;
    const answer = await getDownloads(sandbox);
    expect(answer.status).toBe(429);
    expect(parseJson(answer)).toEqual({ message: 'Too Many Requests' });
    expect(answer.headers.get('x-error-detail')).toBe('Account Over Queries Per Second Limit');
    expect(answer.headers.get('retry-after')).toBeNull();
    calm();
  });

  it('answer garbageRate with a 200 that is not JSON', async () => {
    sandbox.faults.garbageRate = 1;
    const answer = await getDownloads(sandbox);
    expect(answer.status).toBe(200);
    expect((): unknown => JSON.parse(answer.text)).toThrow(SyntaxError);
    calm();
  });

  it('add latencyMs before every answer, faulted ones included', async () => {
    sandbox.faults.latencyMs = 100;
    sandbox.script('downloads', { kind: 'status', status: 500 });
    const started = performance.now();
    const [faulted, normal] = await Promise.all([getDownloads(sandbox), getDownloads(sandbox)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect([faulted.status, normal.status].sort()).toEqual([200, 500]);
    calm();
  });

  it('are reproducible for the same fault seed', async () => {
    const options: SandboxOptions = { now: () => NOW, dataset, qpsLimit: 0, faultSeed: 7, faults: { rate500: 0.5 } };
    const first = await startSandbox(options);
    const second = await startSandbox(options);
    try {
      const a = await statuses(first, 20);
      const b = await statuses(second, 20);
      expect(a).toEqual(b);
      expect(new Set(a)).toEqual(new Set([200, 500]));
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('reject invalid fault options at start', async () => {
    await expect(startSandbox({ dataset, faults: { rate500: 1.5 } })).rejects.toThrow('faults.rate500 must be a number between 0 and 1');
  });
});

describe('hangs', () => {
  it('are released by close(), which frees the port', async () => {
    const hanging = await startSandbox({ now: () => NOW, dataset, qpsLimit: 0, faults: { hangRate: 1 } });
    hanging.script('downloads', { kind: 'hang' });
    const scripted = getDownloads(hanging);
    const rated = getDownloads(hanging);
    while (hanging.stats.downloads < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(hanging.stats.requests.map((r) => r.status)).toEqual([0, 0]);
    await hanging.close();
    await expect(scripted).rejects.toThrow();
    await expect(rated).rejects.toThrow();
    await expect(fetch(`${hanging.url}/v3/downloads`)).rejects.toThrow();
  });
});
