import fp from 'fastify-plugin';
import { healthStatus } from '../health.js';
import type { UpstreamHealth } from '../health.js';
import { registerReadyz } from '../readiness.js';
import type { ReadinessCheck } from '../readiness.js';

export interface PublicHealthOptions {
  health: UpstreamHealth;
  readiness: ReadinessCheck;
}

/**
 * `/healthz` and `/readyz` on the public port. /healthz is always 200: it is a liveness probe,
 * and restarting the gateway does not bring Getty back. `status` says whether requests can be
 * answered: `degraded` while Getty cannot be reached or the breaker is failing calls fast. The
 * details are on the admin listener only.
 */
export const publicHealth = fp<PublicHealthOptions>(
  async (app, options) => {
    app.get('/healthz', async () => ({ status: healthStatus(await options.health.current()) }));
    registerReadyz(app, options.readiness);
  },
  { name: 'public-health' },
);
