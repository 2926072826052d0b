import { GatewayError } from './errors.js';

/** A reason the process cannot start, as one sentence naming the variable to change. */
export class StartupFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupFailure';
  }
}

/**
 * Why listening failed, for the error codes an operator can fix; undefined for anything
 * else, which is a bug and keeps its stack. `portVariable` is PORT for the gateway and
 * SANDBOX_PORT for the sandbox.
 */
export function listenFailure(error: unknown, where: { host: string; port: number; portVariable: string; hostVariable?: string }): StartupFailure | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const { host, port, portVariable } = where;
  const hostVariable = where.hostVariable ?? 'HOST';
  switch (code) {
    case 'EADDRINUSE':
      return new StartupFailure(`${portVariable}=${port} is already in use on ${host}: stop the process using it, or set ${portVariable} to a free port (0 picks one).`);
    case 'EACCES':
      return new StartupFailure(
        `${portVariable}=${port} may not be bound by this user on ${host}: choose a port above 1023, or set ${portVariable}=0 for any free port.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new StartupFailure(
        `${hostVariable}=${host} does not resolve to an address (${code}): set ${hostVariable} to an address of this machine, e.g. 127.0.0.1, or 0.0.0.0 for every interface.`,
      );
    case 'EADDRNOTAVAIL':
      return new StartupFailure(
        `${hostVariable}=${host} is not an address of this machine, so nothing can listen on it: set ${hostVariable} to 127.0.0.1, or 0.0.0.0 for every interface.`,
      );
    default:
      return undefined;
  }
}

/**
 * The service account's first token could not be fetched because Getty's token endpoint was
 * not reached at all (DNS, refused connection, timeout): the URL or the network is wrong, and
 * no request would succeed. Any HTTP answer, even a refusal, means it was reached, and the
 * gateway starts (requests retry, and callers may send their own token).
 */
export function tokenEndpointFailure(error: unknown, authUrl: string): StartupFailure | undefined {
  if (!(error instanceof GatewayError)) return undefined;
  const networkCode = error.upstreamCall?.networkCode;
  if (networkCode === undefined) return undefined;
  // Origin and path only: a URL may carry user info.
  const url = new URL(authUrl);
  return new StartupFailure(
    `GETTY_AUTH_URL=${url.origin}${url.pathname} cannot be reached (${networkCode}): check the URL and that this machine can reach it (DNS, firewall, proxy); the service account needs it to sign in.`,
  );
}
