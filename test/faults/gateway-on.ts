import type { Config } from '../../src/config/env.js';
import { readConfig } from '../../src/config/env.js';
import { createGateway } from '../../src/gateway.js';
import { createLogger } from '../../src/logging/logger.js';
import type { SandboxProcess } from './sandbox-process.js';

type Overrides = Partial<Pick<Config, 'upstream' | 'protection' | 'limits'>>;

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

/** The gateway in this process, in Getty mode, pointed at a sandbox running elsewhere. */
export async function startGatewayOn(upstream: SandboxProcess, overrides: Overrides): Promise<RunningGateway> {
  const config = { ...readConfig({ PORT: '0', NODE_ENV: 'test' }), ...overrides };
  const gateway = await createGateway({
    config,
    logger: createLogger('error'),
    target: {
      mode: 'getty',
      apiUrl: upstream.url,
      authUrl: upstream.tokenUrl,
      apiKey: upstream.apiKey,
      apiSecret: upstream.apiSecret,
      serviceAccount: { grant: 'password', ...upstream.serviceAccount },
    },
  });
  return { url: await gateway.listen(), close: () => gateway.close() };
}
