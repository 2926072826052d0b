import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logging/logger.js';
import type { HostPolicy } from './allowed-hosts.js';
import { errorBody } from './error-body.js';
import { hostCheck } from './plugins/host-check.js';
import { noSniff } from './plugins/no-sniff.js';
import { registerReadyz } from './readiness.js';
import type { ReadinessCheck } from './readiness.js';

export interface AdminServerOptions {
  logger: Logger;
  /** The Prometheus exposition text and its content type. */
  metrics: () => Promise<{ contentType: string; text: string }>;
  /** The detailed health document (mode, upstream, breaker, counters). */
  health: () => Promise<Record<string, unknown>>;
  readiness: ReadinessCheck;
  /** The public port's names; IP addresses are accepted here too. */
  hosts: HostPolicy;
}

/**
 * The operators' listener, apart from the public one: /metrics, /healthz with details and
 * /readyz. It binds loopback by default, so what it shows never reaches the public port.
 */
export async function createAdminServer(options: AdminServerOptions): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = options.logger.child({ listener: 'admin' });
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }) });
  // Loopback is no defence against a page rebinding its name to 127.0.0.1 in a browser on this machine.
  await app.register(hostCheck, { policy: options.hosts });
  await app.register(noSniff);
  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await options.metrics();
    return reply.header('content-type', contentType).send(text);
  });
  app.get('/healthz', options.health);
  registerReadyz(app, options.readiness);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody(`Nothing at ${request.method} ${request.url.split('?', 1)[0]}: the admin listener serves /metrics, /healthz and /readyz.`, ErrorCode.NotFound)),
  );
  return app;
}

/** The admin listener could not listen: start-up names ADMIN_HOST/ADMIN_PORT, not HOST/PORT. */
export class AdminListenError extends Error {
  readonly code: string | undefined;

  constructor(cause: unknown) {
    super('the admin listener could not listen', { cause });
    this.name = 'AdminListenError';
    this.code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
  }
}
