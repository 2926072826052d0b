import type { Config } from './config/env.js';
import type { UpstreamTarget } from './gateway.js';
import type { DemoUserHint } from './http/demo-users.js';
import { EXAMPLE_QUERY } from './http/playground/examples.js';

export interface BannerFacts {
  /** The gateway's base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  target: UpstreamTarget;
  config: Pick<Config, 'playground' | 'introspection' | 'access'>;
  /** Sandbox mode: the demo users, the service account among them. */
  demoUsers?: ReadonlyArray<DemoUserHint>;
  /** The admin listener's base URL; absent when it is off (ADMIN_PORT=-1). */
  adminUrl?: string;
}

/**
 * What a newcomer reads on start: where the API, the pages and health are, every upstream
 * URL in use, who a request without `Authorization` acts as, which days a request without
 * `dateRange` covers, and an example query to paste.
 */
export function startupBanner(facts: BannerFacts): string {
  const { url, target, config } = facts;
  const graphqlUrl = `${url}/graphql`;
  const body = JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') });
  const upstream = target.mode === 'sandbox' ? 'the embedded sandbox (demo data; no Getty credentials needed)' : `Getty at ${target.apiUrl}`;
  return [
    '',
    `Getty Downloads GraphQL gateway (mode: ${target.mode}) in front of ${upstream}`,
    `  GraphQL endpoint: ${graphqlUrl}`,
    ...pageLines(url, graphqlUrl, config),
    `  Health:           ${url}/healthz, ${url}/readyz`,
    facts.adminUrl === undefined
      ? '  Admin:            off (ADMIN_PORT=-1): no metrics'
      : `  Admin:            ${facts.adminUrl}/metrics, /healthz (details), /readyz  (ADMIN_HOST, ADMIN_PORT)`,
    `  Getty API:        ${target.apiUrl}${target.mode === 'sandbox' ? '  (the sandbox)' : '  (GETTY_API_URL)'}`,
    `  Token endpoint:   ${target.authUrl}${target.mode === 'sandbox' ? '  (the sandbox)' : '  (GETTY_AUTH_URL)'}`,
    '',
    `Without an Authorization header, ${anonymousCaller(target, config.access, facts.demoUsers ?? [])}`,
    "Without dateRange, a request covers Getty's default window: the last 30 days.",
    '',
    'Example query:',
    EXAMPLE_QUERY.replace(/^/gm, '  '),
    '',
    'From a shell:',
    `  curl -s ${graphqlUrl} -H 'content-type: application/json' -d '${body}'`,
    '',
  ].join('\n');
}

/** Which browser pages are on, and where; production turns them off by default. */
function pageLines(url: string, graphqlUrl: string, config: BannerFacts['config']): string[] {
  const introspection = `  Introspection:    ${config.introspection ? 'on' : 'off'} (GRAPHQL_INTROSPECTION)`;
  if (!config.playground) return [`  Playground:       off (PLAYGROUND), as is the downloads browser`, introspection];
  return [
    `  Playground:       ${graphqlUrl}  (open it in a browser)`,
    `  Downloads:        ${url}/  (a downloads browser built on the API)`,
    config.introspection ? introspection : `${introspection}: the playground cannot show the schema`,
  ];
}

function anonymousCaller(target: UpstreamTarget, access: Config['access'], demoUsers: ReadonlyArray<DemoUserHint>): string {
  const account = target.serviceAccount;
  if (account === undefined || target.apiSecret === undefined) {
    return 'a request is refused (UNAUTHENTICATED): no service account is configured, so send `Authorization: Bearer <Getty token>`.';
  }
  if (target.mode === 'sandbox') {
    const username = account.grant === 'password' ? account.username : undefined;
    const self = demoUsers.find((user) => user.username === username);
    const other = demoUsers.find((user) => user.username !== username);
    const who = self === undefined ? `the sandbox's service account` : `the demo user ${self.username} (${self.displayName}), the sandbox's service account`;
    return `a request acts as ${who}${other === undefined ? '' : `; send \`Authorization: Bearer ${other.bearerToken}\` to act as ${other.username} (docs/sandbox.md lists every demo user)`}.`;
  }
  const who = account.grant === 'password' ? `the service account ${account.username} (GETTY_USERNAME)` : 'the service account of GETTY_REFRESH_TOKEN';
  if (access.anonymous) return `a request acts as ${who}, as SERVICE_ACCOUNT_ANONYMOUS=true allows.`;
  return `a request acts as ${who} only with a gateway client key in X-Gateway-Key (GATEWAY_CLIENT_KEY_DIGESTS); without one it is refused (UNAUTHENTICATED).`;
}
