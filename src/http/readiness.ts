import type { FastifyInstance } from 'fastify';

/** Whether the instance can answer requests now; when not, why, in words an operator can act on. */
export type Readiness = { ready: true } | { ready: false; reason: string };

export type ReadinessCheck = () => Promise<Readiness>;

/** GET /readyz: 200 `{status: "ready"}`, or 503 `{status: "not ready", reason}` for load balancers to act on. */
export function registerReadyz(app: FastifyInstance, check: ReadinessCheck): void {
  app.get('/readyz', async (_request, reply) => {
    const readiness = await check();
    if (readiness.ready) return { status: 'ready' };
    return reply.code(503).send({ status: 'not ready', reason: readiness.reason });
  });
}
