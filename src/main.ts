import { ConfigError, readConfig } from './config/env.js';
import type { Config } from './config/env.js';
import { createGateway } from './gateway.js';
import type { UpstreamTarget } from './gateway.js';
import { EXAMPLE_QUERY } from './http/playground/examples.js';
import { createLogger } from './logging/logger.js';
import type { Logger } from './logging/logger.js';
import { faultsFromEnv, startSandbox } from './sandbox/index.js';
import type { Sandbox } from './sandbox/index.js';

/**
 * The process: configuration from the environment, the sandbox when no Getty API key is
 * set, the gateway, and a graceful exit on SIGTERM or SIGINT.
 */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const sandbox = config.getty === undefined ? await startSandboxOrExit(config) : undefined;
  const target: UpstreamTarget = sandbox === undefined
    ? { mode: 'getty', ...config.getty! }
    : {
        mode: 'sandbox',
        apiUrl: sandbox.url,
        authUrl: sandbox.tokenUrl,
        apiKey: sandbox.apiKey,
        apiSecret: sandbox.apiSecret,
        serviceAccount: { grant: 'password', ...sandbox.serviceAccount },
      };
  const gateway = await createGateway({
    config,
    target,
    logger,
    ...(sandbox === undefined
      ? { thumbnailOrigins: GETTY_THUMBNAIL_ORIGINS }
      : { demoUsers: sandbox.demoUsers, thumbnailOrigins: [new URL(sandbox.url).origin] }),
  });
  const url = await gateway.listen();
  announce(logger, url, gateway.adminUrl(), target, sandbox, config);

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
    process.stderr.write(`${error.message}\nThe README lists every variable with its default.\n`);
    process.exit(1);
  }
}

/** Getty's answers carry thumbnails on its media host (../shared/getty/UPSTREAM.md); the downloads browser loads them from there. */
const GETTY_THUMBNAIL_ORIGINS = ['https://media.gettyimages.com'];

/** Which browser pages are on, and where; production turns them off by default. */
function pageLines(url: string, graphqlUrl: string, config: Config): string[] {
  const introspection = `  Introspection:    ${config.introspection ? 'on' : 'off'} (GRAPHQL_INTROSPECTION)`;
  if (!config.playground) return [`  Playground:       off (PLAYGROUND), as is the downloads browser`, introspection];
  return [
    `  Playground:       ${graphqlUrl}  (open it in a browser)`,
    `  Downloads:        ${url}/  (a downloads browser built on the API)`,
    config.introspection ? introspection : `${introspection}: the playground cannot show the schema`,
  ];
}

async function startSandboxOrExit(config: Config): Promise<Sandbox> {
  let faults;
  try {
    faults = faultsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`Invalid configuration:\n  - ${(error as Error).message}\n`);
    process.exit(1);
  }
  return startSandbox({ port: config.sandboxPort, dateParams: config.dateParams, faults });
}

function announce(logger: Logger, url: string, adminUrl: string | undefined, target: UpstreamTarget, sandbox: Sandbox | undefined, config: Config): void {
  const graphqlUrl = `${url}/graphql`;
  const pages = config.playground ? { playgroundUrl: graphqlUrl, browserUrl: `${url}/` } : {};
  logger.info(
    { graphqlUrl, ...pages, healthUrl: `${url}/healthz`, mode: target.mode, playground: config.playground, introspection: config.introspection },
    'gateway listening',
  );
  const upstream = sandbox === undefined
    ? `Getty at ${target.apiUrl}`
    : `the embedded sandbox at ${sandbox.url} (demo data; no Getty credentials needed)`;
  const body = JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') });
  process.stderr.write(
    [
      '',
      `Getty Downloads GraphQL gateway (mode: ${target.mode}) in front of ${upstream}`,
      `  GraphQL endpoint: ${graphqlUrl}`,
      ...pageLines(url, graphqlUrl, config),
      `  Health:           ${url}/healthz, ${url}/readyz`,
      adminUrl === undefined
        ? '  Admin:            off (ADMIN_PORT=-1): no metrics'
        : `  Admin:            ${adminUrl}/metrics, /healthz (details), /readyz`,
      '',
      'Example query:',
      EXAMPLE_QUERY.replace(/^/gm, '  '),
      '',
      'From a shell:',
      `  curl -s ${graphqlUrl} -H 'content-type: application/json' -d '${body}'`,
      '',
    ].join('\n'),
  );
}

await main();
