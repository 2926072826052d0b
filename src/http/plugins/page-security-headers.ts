import fp from 'fastify-plugin';
import { PAGE_CSP } from '../content-security-policy.js';

/** A Content-Security-Policy on every HTML answer; pages with a policy of their own (the downloads browser's thumbnails) keep it. */
export const pageSecurityHeaders = fp(
  async (app) => {
    app.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
        void reply.header('content-security-policy', PAGE_CSP);
      }
      return payload;
    });
  },
  { name: 'page-security-headers' },
);
