import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../src/sandbox/index.js';
import { startOtlpReceiver } from '../integration/otlp-receiver.js';
import { untilListening } from '../listening-line.js';
import { serverEntry } from '../server-entry.js';

const MODULE_LOG = 'test/fixtures/module-log/register.mjs';
/** esbuild's metafile of the server bundle: which files went into each file of the bundle. */
const BUNDLE_META = 'dist/server-bundle.meta.json';

/**
 * The files that went into the parts of the bundle the process loaded (`dist/gateway.js`,
 * `node_modules/got/...`): what it would have loaded unbundled.
 */
function bundledInputs(loadedUrls: string[]): string[] {
  const meta = JSON.parse(readFileSync(BUNDLE_META, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const loaded = loadedUrls.filter((url) => url.startsWith('file:')).map((url) => relative('.', fileURLToPath(url)));
  return loaded.flatMap((path) => Object.keys(meta.outputs[path]?.inputs ?? {}));
}

/**
 * Runs the server bundle, as `npm start` does, with a loader hook that records every module it
 * resolves, answers one GraphQL request, stops it with SIGTERM, and returns the files that went
 * into the parts of the bundle it loaded.
 */
async function modulesLoaded(env: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'module-log-'));
  const logFile = join(dir, 'modules.txt');
  try {
    const child = spawn(process.execPath, ['--import', `./${MODULE_LOG}`, serverEntry()], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', ADMIN_PORT: '-1', SANDBOX_PORT: '0', LOG_LEVEL: 'info', MODULE_LOG_FILE: logFile, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const exitCode = exit.then((code) => code);
    const { graphqlUrl } = await untilListening(child.stdout, exitCode, () => `exited before listening: ${stderr}`);
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      body: JSON.stringify({ query: '{ downloads(first: 1) { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    return bundledInputs(readFileSync(logFile, 'utf8').split('\n').filter(Boolean));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('OpenTelemetry is loaded only when an endpoint is configured', () => {
  it('without OTEL_EXPORTER_OTLP_ENDPOINT, none of the OpenTelemetry SDK and not the tracer is loaded, though a traced request was served', async () => {
    const modules = await modulesLoaded({});
    // The gateway's own modules are seen, so an absence below means something.
    expect(modules.some((path) => path === 'dist/gateway.js')).toBe(true);
    expect(modules.some((path) => path.startsWith('node_modules/got/'))).toBe(true);
    // prom-client requires the API package (for exemplars) whether or not anything traces: not the SDK.
    const sdk = (path: string) => path.startsWith('node_modules/@opentelemetry/') && !path.startsWith('node_modules/@opentelemetry/api/');
    expect(modules.filter((path) => sdk(path) || path === 'dist/observability/otel-tracer.js')).toEqual([]);
  });

  it('with it, the OpenTelemetry SDK is loaded (the check above can see it)', async () => {
    const receiver = await startOtlpReceiver();
    try {
      const modules = await modulesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
      expect(modules.some((path) => path === 'dist/observability/otel-tracer.js')).toBe(true);
      expect(modules.some((path) => path.startsWith('node_modules/@opentelemetry/sdk-trace/'))).toBe(true);
      // Shutting down flushed the request's spans.
      expect(receiver.spans.some((span) => span.traceId === '4bf92f3577b34da6a3ce929d0e0e4736' && span.name === 'POST /graphql')).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});

describe('the Redis client and the sandbox are loaded only when the configuration uses them', () => {
  it('without REDIS_URL, none of the Redis client or the Redis-backed stores; on the sandbox, the sandbox', async () => {
    const modules = await modulesLoaded({});
    // The shared state's and the sandbox's entry modules are seen, so an absence below means something.
    expect(modules.some((path) => path === 'dist/shared-state/index.js')).toBe(true);
    expect(modules.some((path) => path === 'dist/sandbox/index.js')).toBe(true);
    expect(modules.filter((path) => path.startsWith('node_modules/ioredis/') || path.startsWith('dist/shared-state/redis'))).toEqual([]);
  });

  it('in front of Getty, none of the sandbox', async () => {
    const getty = await startSandbox({ port: 0, qpsLimit: 0 });
    try {
      const modules = await modulesLoaded({
        GETTY_API_KEY: getty.apiKey,
        GETTY_API_SECRET: getty.apiSecret,
        GETTY_USERNAME: getty.serviceAccount.username,
        GETTY_PASSWORD: getty.serviceAccount.password,
        SERVICE_ACCOUNT_ANONYMOUS: 'true',
        GETTY_API_URL: getty.url,
        GETTY_AUTH_URL: getty.tokenUrl,
      });
      expect(modules.some((path) => path === 'dist/gateway.js')).toBe(true);
      expect(modules.filter((path) => path.startsWith('dist/sandbox/'))).toEqual([]);
    } finally {
      await getty.close();
    }
  });
});
