import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import type { ChildProcess, ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { closedPort } from '../closed-port.js';
import { untilListening } from '../listening-line.js';
import { SERVER_ENTRY, serverEntry } from '../server-entry.js';

interface Running {
  child: ChildProcess;
  stdout: string[];
  stderr(): string;
  graphqlUrl: string;
  exit: Promise<number | null>;
}

/** Every gateway a test started: one a test leaves running (a timeout, a failed wait) is killed after it. */
const started = new Set<ChildProcess>();
afterEach(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
});

function spawnMain(env: Record<string, string>): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn(process.execPath, [serverEntry()], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  return child;
}

async function startMain(env: Record<string, string>): Promise<Running> {
  const child = spawnMain({ PORT: '0', ADMIN_PORT: '0', LOG_LEVEL: 'info', ...env });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const { graphqlUrl } = await untilListening(
    child.stdout,
    exit.then((code) => code),
    () => `exited before listening: ${stderr}`,
    (line) => stdout.push(line),
  );
  // The banner goes to stderr after the listening line goes to stdout: two pipes, read in either order.
  await eventually(() => (/From a shell:\n.*\n$/.test(stderr) ? true : undefined), 5000);
  return { child, stdout, stderr: () => stderr, graphqlUrl, exit };
}

/** Runs the gateway to its exit: a start-up failure's code and output. */
async function runToExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawnMain({ LOG_LEVEL: 'warn', ADMIN_PORT: '0', ...env });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr, stdout };
}

async function eventually<T>(probe: () => T | undefined, timeoutMs = 2000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let value = probe(); ; value = probe()) {
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function query(url: string, body: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as { data?: { downloads?: { totalCount: number; nodes: unknown[] } }; errors?: unknown[] } };
}

/** `npm test` builds first; these tests run the real entry point, as `npm start` does. */
describe(`the gateway process (node ${SERVER_ENTRY})`, () => {
  it('starts on the sandbox with no configuration, prints where to go, and answers the example query', async () => {
    const running = await startMain({});
    try {
      const banner = running.stderr();
      expect(banner).toContain('mode: sandbox');
      expect(banner).toContain(`GraphQL endpoint: ${running.graphqlUrl}`);
      expect(banner).toContain(`Playground:       ${running.graphqlUrl}`);
      const base = running.graphqlUrl.replace(/\/graphql$/, '');
      expect(banner).toContain(`Downloads:        ${base}/  (a downloads browser built on the API)`);
      expect(banner).toContain('Introspection:    on (GRAPHQL_INTROSPECTION)');
      expect(banner).toContain('downloads(first: $first)');
      // Every upstream URL in use, who an anonymous request is, and which days it covers.
      const listening = running.stdout.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'gateway listening');
      const apiUrl = String(listening?.apiUrl);
      expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(listening?.authUrl).toBe(`${apiUrl}/oauth2/token`);
      expect(banner).toContain(`Getty API:        ${apiUrl}  (the sandbox)`);
      expect(banner).toContain(`Token endpoint:   ${apiUrl}/oauth2/token  (the sandbox)`);
      expect(banner).toContain("Without an Authorization header, a request acts as the demo user alice.w (Alice Wong), the sandbox's service account");
      expect(banner).toContain('`Authorization: Bearer sandbox-bob` to act as bob.k');
      expect(banner).toContain("Without dateRange, a request covers Getty's default window: the last 30 days.");
      const curlBody = /-d '(.+)'$/m.exec(banner)?.[1];
      expect(curlBody).toBeDefined();
      const answer = await query(running.graphqlUrl, curlBody!);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.downloads?.totalCount).toBeGreaterThan(0);
      expect(answer.body.data?.downloads?.nodes).toHaveLength(10);
      const completed = await eventually(() =>
        running.stdout.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'request completed'),
      );
      expect(completed).toMatchObject({ level: 'info', method: 'POST', path: '/graphql', status: 200 });
      expect(typeof completed?.reqId).toBe('string');
      // The printed downloads-browser URL works: the built bundle is where the server looks.
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module" src="\/app\/downloads\.js\?v=[0-9a-f]{12}">/);
      expect((await fetch(`${base}/app/downloads.js`)).status).toBe(200);
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, lets the in-flight request finish, then exits 0', async (signal) => {
    const running = await startMain({ SANDBOX_LATENCY_MS: '700' });
    const inFlight = query(running.graphqlUrl, JSON.stringify({ query: '{ downloads(first: 3) { totalCount nodes { id } } }' }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    running.child.kill(signal);
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.data?.downloads?.nodes).toHaveLength(3);
    expect(await running.exit).toBe(0);
    expect(running.stdout.some((line) => line.includes('"msg":"stopped"'))).toBe(true);
  });

  it("with metrics on, an idle gateway wakes a few times a second, not at every event-loop lag sample of prom-client's default", async () => {
    const running = await startMain({});
    try {
      // The main thread's context switches (Linux): each is the loop waking up for a timer or I/O.
      const wakeUps = () => {
        const status = readFileSync(`/proc/${running.child.pid}/status`, 'utf8');
        return ['voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches'].reduce(
          (sum, field) => sum + Number(new RegExp(`^${field}:\\s+(\\d+)$`, 'm').exec(status)?.[1]),
          0,
        );
      };
      // The service account's first token and the start-up's last writes settle first.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const before = wakeUps();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      // Sampling every 10 ms (prom-client's default) would wake it about 200 times here.
      expect(wakeUps() - before).toBeLessThan(60);
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  it('in production, says the playground and introspection are off, and serves no pages', async () => {
    const running = await startMain({ NODE_ENV: 'production' });
    try {
      const banner = running.stderr();
      expect(banner).toContain('Playground:       off (PLAYGROUND), as is the downloads browser');
      expect(banner).toContain('Introspection:    off (GRAPHQL_INTROSPECTION)');
      expect(banner).not.toContain('Downloads:');
      const base = running.graphqlUrl.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/`)).status).toBe(404);
      const started = running.stdout.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'gateway listening');
      expect(started).toMatchObject({ playground: false, introspection: false });
      expect(started?.playgroundUrl).toBeUndefined();
    } finally {
      running.child.kill('SIGTERM');
      await running.exit;
    }
  });

  it('refuses to start on bad configuration, naming the variable and the accepted values', async () => {
    const { code, stderr } = await runToExit({ PORT: 'eighty', GETTY_DATE_PARAMS: 'iso', SANDBOX_RATE_500: '2' });
    expect(code).toBe(1);
    expect(stderr).toContain('PORT must be a whole number from 0 to 65535 (got "eighty")');
    expect(stderr).toContain('GETTY_DATE_PARAMS must be one of start_end, from_to (got "iso")');
  });

  it('refuses bad sandbox fault settings the same way', async () => {
    const { code, stderr } = await runToExit({ PORT: '0', ADMIN_PORT: '0', SANDBOX_RATE_500: '2' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/SANDBOX_RATE_500/);
  });

  describe('start-up failures: one sentence naming the variable, exit 1, no stack', () => {
    function expectOneSentence(outcome: { code: number | null; stderr: string; stdout: string }, sentence: RegExp): void {
      expect(outcome.code).toBe(1);
      expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(sentence)]);
      expect(`${outcome.stderr}${outcome.stdout}`).not.toMatch(/\n\s+at |Error:|"stack"/);
    }
    async function occupied(): Promise<{ server: Server; port: number }> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      return { server, port: typeof address === 'object' && address !== null ? address.port : 0 };
    }

    it('PORT already in use', async () => {
      const { server, port } = await occupied();
      try {
        expectOneSentence(
          await runToExit({ PORT: String(port) }),
          new RegExp(`^Cannot start: PORT=${port} is already in use on 127\\.0\\.0\\.1: stop the process using it, or set PORT to a free port`),
        );
      } finally {
        server.close();
      }
    });

    it('ADMIN_PORT already in use', async () => {
      const { server, port } = await occupied();
      try {
        expectOneSentence(
          await runToExit({ PORT: '0', ADMIN_PORT: String(port) }),
          new RegExp(`^Cannot start: ADMIN_PORT=${port} is already in use on 127\\.0\\.0\\.1: stop the process using it, or set ADMIN_PORT`),
        );
      } finally {
        server.close();
      }
    });

    it('SANDBOX_PORT already in use', async () => {
      const { server, port } = await occupied();
      try {
        expectOneSentence(await runToExit({ PORT: '0', SANDBOX_PORT: String(port) }), new RegExp(`^Cannot start: SANDBOX_PORT=${port} is already in use`));
      } finally {
        server.close();
      }
    });

    it('HOST that is not an address of this machine', async () => {
      expectOneSentence(
        await runToExit({ PORT: '0', HOST: '192.0.2.1' }),
        /^Cannot start: HOST=192\.0\.2\.1 is not an address of this machine.*set HOST to 127\.0\.0\.1/,
      );
    });

    it('HOST that does not resolve', async () => {
      expectOneSentence(
        await runToExit({ PORT: '0', HOST: 'no-such-host.invalid' }),
        /^Cannot start: HOST=no-such-host\.invalid does not resolve to an address \((ENOTFOUND|EAI_AGAIN|EAI_FAIL)\): set HOST/,
      );
    });

    it('a Getty service account that nothing guards: the three choices, before anything listens', async () => {
      const outcome = await runToExit({ PORT: '0', GETTY_API_KEY: 'key', GETTY_API_SECRET: 'secret', GETTY_USERNAME: 'someone', GETTY_PASSWORD: 'a-password' });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toMatch(
        /^Invalid configuration:\n {2}- A service account is configured .*GATEWAY_CLIENT_KEY_DIGESTS.*SERVICE_ACCOUNT_ANONYMOUS=true.*remove the service account/,
      );
      expect(outcome.stdout).not.toMatch(/gateway listening/);
      expect(`${outcome.stderr}${outcome.stdout}`).not.toMatch(/a-password|\n\s+at /);
    });

    it('a Getty token endpoint that cannot be reached', async () => {
      const port = await closedPort();
      const outcome = await runToExit({
        PORT: '0',
        GETTY_API_KEY: 'key',
        GETTY_API_SECRET: 'secret',
        GETTY_USERNAME: 'someone',
        GETTY_PASSWORD: 'a-password',
        SERVICE_ACCOUNT_ANONYMOUS: 'true',
        GETTY_API_URL: `http://127.0.0.1:${port}`,
        GETTY_AUTH_URL: `http://127.0.0.1:${port}/oauth2/token`,
        UPSTREAM_RETRIES: '0',
      });
      expectOneSentence(
        outcome,
        new RegExp(`^Cannot start: GETTY_AUTH_URL=http://127\\.0\\.0\\.1:${port}/oauth2/token cannot be reached \\(ECONNREFUSED\\): check the URL`),
      );
      expect(`${outcome.stderr}${outcome.stdout}`).not.toMatch(/a-password|secret/);
    });
  });
});
