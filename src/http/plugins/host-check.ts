import fp from 'fastify-plugin';
import { ErrorCode } from '../../errors.js';
import { hostAllowed } from '../allowed-hosts.js';
import type { HostPolicy } from '../allowed-hosts.js';
import { errorBody } from '../error-body.js';

/**
 * Refuses a request whose `Host` is not one this gateway serves, before anything else runs:
 * a page that rebinds its own name to the gateway's address reaches it with that name.
 */
export const hostCheck = fp<{ policy: HostPolicy }>(
  async (app, { policy }) => {
    app.addHook('onRequest', async (request, reply) => {
      if (hostAllowed(request.headers.host, policy)) return undefined;
      return reply
        .code(421)
        .send(
          errorBody(
            'This gateway does not serve the host this request names: call it by one of its configured names (its operator lists them in ALLOWED_HOSTS).',
            ErrorCode.HostNotAllowed,
          ),
        );
    });
  },
  { name: 'host-check' },
);
