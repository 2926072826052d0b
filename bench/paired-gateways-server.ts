/**
 * Two gateways in one process for `npm run bench:metrics -- --same-process`: one as deployed
 * (admin listener on `ADMIN_PORT`, so metrics recorded) on `PORT`, one with ADMIN_PORT=-1 on
 * `PAIRED_OFF_PORT`, both in getty mode against the bench's sandbox process. Runs from
 * dist/bench/, next to the built gateway. Stops both on SIGTERM.
 */
type ConfigModule = typeof import('../src/config/env.js');
type GatewayModule = typeof import('../src/gateway.js');
type LoggerModule = typeof import('../src/logging/logger.js');

const built = (path: string) => new URL(path, import.meta.url).href;
const { readConfig } = (await import(built('../config/env.js'))) as ConfigModule;
const { createGateway } = (await import(built('../gateway.js'))) as GatewayModule;
const { createLogger } = (await import(built('../logging/logger.js'))) as LoggerModule;

async function start(env: NodeJS.ProcessEnv) {
  const config = readConfig(env);
  if (config.getty === undefined) throw new Error('the paired gateways need GETTY_API_KEY and the sandbox process');
  const gateway = await createGateway({
    config,
    target: { mode: 'getty', ...config.getty, authorizeUrl: config.signIn.authorizeUrl },
    logger: createLogger(config.logLevel),
  });
  await gateway.listen();
  await gateway.tokenWarmUp();
  return gateway;
}

const gateways = [await start(process.env), await start({ ...process.env, PORT: process.env.PAIRED_OFF_PORT, ADMIN_PORT: '-1' })];
process.on('SIGTERM', () => {
  void Promise.all(gateways.map((gateway) => gateway.close())).then(() => process.exit(0));
});
