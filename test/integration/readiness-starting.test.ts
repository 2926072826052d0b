import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { createGateway } from '../../src/gateway.js';
import type { Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';

/**
 * A gateway that is built but not yet listening says "starting" on /readyz. There is no service
 * account here, so nothing but the start-up phase could make it not ready.
 */
describe('readiness while starting', () => {
  let sandbox: Sandbox;
  let gateway: Gateway;

  beforeAll(async () => {
    sandbox = await startSandbox({ qpsLimit: 0 });
    const config = { ...readConfig({}), port: 0, admin: { host: '127.0.0.1', port: -1 } };
    gateway = await createGateway({
      config,
      logger: createLogger('silent'),
      target: { mode: 'sandbox', apiUrl: sandbox.url, authUrl: sandbox.tokenUrl, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, serviceAccount: undefined },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await sandbox.close();
  });

  it('answers 503 with the reason until the gateway listens, then 200', async () => {
    const starting = await gateway.app.inject({ method: 'GET', url: '/readyz' });
    expect(starting.statusCode).toBe(503);
    expect(starting.json()).toEqual({ status: 'not ready', reason: 'starting: the gateway is not listening yet' });
    // Liveness is not readiness: the process is alive while it starts.
    expect((await gateway.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    const url = await gateway.listen();
    const serving = await fetch(`${url}/readyz`);
    expect(serving.status).toBe(200);
    expect(await serving.json()).toEqual({ status: 'ready' });
  });
});
