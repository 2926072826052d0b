import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const draining = new WeakSet<FastifyInstance>();

/** While draining, in-flight answers close their connection so keep-alive clients let go. */
export const closeConnectionsWhileDraining = fp(
  async (app) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      if (draining.has(app)) void reply.header('connection', 'close');
      return payload;
    });
  },
  { name: 'close-connections-while-draining' },
);

/** Stops accepting (new requests get 503), lets in-flight ones finish, then closes. */
export async function closeGracefully(app: FastifyInstance): Promise<void> {
  draining.add(app);
  await app.close();
}
