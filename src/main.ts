import { ConfigError, readConfig } from './config/env.js';
import type { Config } from './config/env.js';
import { createGateway } from './gateway.js';
import { AdminListenError } from './http/admin-server.js';
import type { UpstreamTarget } from './gateway.js';
import { createLogger } from './logging/logger.js';
import type { Sandbox } from './sandbox/index.js';
import { startupBanner } from './startup-banner.js';
import { listenFailure, tokenEndpointFailure } from './startup-failures.js';
import type { StartupFailure } from './startup-failures.js';

/**
 * The process: configuration from the environment, the sandbox when no Getty API key is
 * set, the gateway, and a graceful exit on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const sandbox = config.getty === undefined ? await startSandboxOrExit(config) : undefined;
  const target: UpstreamTarget =
    sandbox === undefined
      ? { mode: 'getty', ...config.getty!, authorizeUrl: config.signIn.authorizeUrl }
      : {
          mode: 'sandbox',
          apiUrl: sandbox.url,
          authUrl: sandbox.tokenUrl,
          apiKey: sandbox.apiKey,
          apiSecret: sandbox.apiSecret,
          serviceAccount: { grant: 'password', ...sandbox.serviceAccount },
          authorizeUrl: sandbox.authorizeUrl,
        };
  const gateway = await createGateway({
    config,
    target,
    logger,
    ...(sandbox === undefined ? { thumbnailOrigins: GETTY_THUMBNAIL_ORIGINS } : { demoUsers: sandbox.demoUsers, thumbnailOrigins: [new URL(sandbox.url).origin] }),
  });
  const url = await gateway
    .listen()
    .catch((error: unknown) =>
      exitOnStartupFailure(
        error instanceof AdminListenError
          ? listenFailure(error, { host: config.admin.host, port: config.admin.port, portVariable: 'ADMIN_PORT', hostVariable: 'ADMIN_HOST' })
          : listenFailure(error, { host: config.host, port: config.port, portVariable: 'PORT' }),
        error,
      ),
    );
  // A token endpoint that answers, even with a refusal, lets the gateway start; one it cannot reach does not.
  const unreachable = tokenEndpointFailure(await gateway.tokenWarmUp(), target.authUrl);
  if (unreachable !== undefined) exitOnStartupFailure(unreachable);
  const adminUrl = gateway.adminUrl();
  logger.info(
    {
      graphqlUrl: `${url}/graphql`,
      ...(config.playground ? { playgroundUrl: `${url}/graphql`, browserUrl: `${url}/` } : {}),
      healthUrl: `${url}/healthz`,
      ...(adminUrl === undefined ? {} : { adminUrl, metricsUrl: `${adminUrl}/metrics` }),
      mode: target.mode,
      apiUrl: target.apiUrl,
      authUrl: target.authUrl,
      playground: config.playground,
      introspection: config.introspection,
    },
    'gateway listening',
  );
  process.stderr.write(
    startupBanner({
      url,
      target,
      config,
      ...(sandbox === undefined ? {} : { demoUsers: sandbox.demoUsers }),
      ...(adminUrl === undefined ? {} : { adminUrl }),
    }),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    gateway
      .close()
      .then(() => sandbox?.close())
      .then(() => {
        logger.info('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function readConfigOrExit(): Config {
  try {
    return readConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\ndocs/configuration.md lists every variable with its default.\n`);
    process.exit(1);
  }
}

/** Getty's answers carry thumbnails on its media host; the downloads browser loads them from there. */
const GETTY_THUMBNAIL_ORIGINS = ['https://media.gettyimages.com'];

/** Loaded only without Getty credentials: a gateway in front of Getty holds none of the sandbox's code. */
async function startSandboxOrExit(config: Config): Promise<Sandbox> {
  const { faultsFromEnv, qpsLimitFromEnv, startSandbox } = await import('./sandbox/index.js');
  let faults;
  let qpsLimit;
  try {
    faults = faultsFromEnv(process.env);
    qpsLimit = qpsLimitFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`Invalid configuration:\n  - ${(error as Error).message}\n`);
    process.exit(1);
  }
  return startSandbox({ port: config.sandboxPort, dateParams: config.dateParams, faults, qpsLimit }).catch((error: unknown) =>
    exitOnStartupFailure(listenFailure(error, { host: '127.0.0.1', port: config.sandboxPort, portVariable: 'SANDBOX_PORT' }), error),
  );
}

/**
 * Stops the process with one sentence when the failure is one an operator can fix; anything
 * else is a bug, and keeps its stack.
 */
function exitOnStartupFailure(failure: StartupFailure | undefined, error?: unknown): never {
  if (failure === undefined) throw error;
  process.stderr.write(`Cannot start: ${failure.message}\n`);
  process.exit(1);
}

await main();
