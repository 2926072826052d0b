import fp from 'fastify-plugin';

/** `X-Content-Type-Options: nosniff` on every answer, so a browser never runs a JSON or text body as script or HTML. */
export const noSniff = fp(
  async (app) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      void reply.header('x-content-type-options', 'nosniff');
      return payload;
    });
  },
  { name: 'no-sniff' },
);
