import { describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { problems } from './config-problems.js';

const GETTY = { GETTY_API_KEY: 'k', GETTY_API_SECRET: 's' };
const SERVICE_ACCOUNT = { ...GETTY, GETTY_USERNAME: 'svc', GETTY_PASSWORD: 'pw' };
const DIGEST = 'a'.repeat(64);

describe('a guarded service account', () => {
  it('refuses a Getty service account that nothing guards, naming the three ways out', () => {
    const found = problems(SERVICE_ACCOUNT);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/GATEWAY_CLIENT_KEY_DIGESTS/);
    expect(found[0]).toMatch(/SERVICE_ACCOUNT_ANONYMOUS=true/);
    expect(found[0]).toMatch(/remove the service account/);
    expect(found[0]).not.toContain('pw');
    expect(problems({ ...GETTY, GETTY_REFRESH_TOKEN: 'r' })).toEqual([expect.stringMatching(/nothing says who may use it/)]);
  });

  it('starts with client keys or an explicit opt-in, or without a service account', () => {
    expect(readConfig({ ...SERVICE_ACCOUNT, GATEWAY_CLIENT_KEY_DIGESTS: `${DIGEST.toUpperCase()}, ${'b'.repeat(64)},${DIGEST}` }).access).toEqual({
      clientKeyDigests: [DIGEST, 'b'.repeat(64)],
      anonymous: false,
    });
    expect(readConfig({ ...SERVICE_ACCOUNT, SERVICE_ACCOUNT_ANONYMOUS: 'true' }).access).toEqual({ clientKeyDigests: [], anonymous: true });
    expect(readConfig(GETTY).access).toEqual({ clientKeyDigests: [], anonymous: false });
  });

  it('lets anonymous requests use the sandbox service account by default, so `npm start` answers at once', () => {
    expect(readConfig({}).access).toEqual({ clientKeyDigests: [], anonymous: true });
    expect(readConfig({ SERVICE_ACCOUNT_ANONYMOUS: 'false' }).access.anonymous).toBe(false);
  });

  it('takes digests only, and never echoes what was put there instead', () => {
    const found = problems({ GATEWAY_CLIENT_KEY_DIGESTS: `${DIGEST},my-secret-client-key` });
    expect(found).toEqual([expect.stringMatching(/^GATEWAY_CLIENT_KEY_DIGESTS must be comma-separated SHA-256 digests/)]);
    expect(found[0]).not.toContain('my-secret-client-key');
  });
});

describe('production defaults', () => {
  it('runs a deployment on real Getty as production when NODE_ENV is unset: no playground, no introspection', () => {
    expect(readConfig(GETTY)).toMatchObject({ runtimeEnv: 'production', playground: false, introspection: false });
    expect(readConfig({ ...GETTY, PLAYGROUND: 'true', GRAPHQL_INTROSPECTION: 'true' })).toMatchObject({ playground: true, introspection: true });
    expect(readConfig({ ...GETTY, NODE_ENV: 'development' })).toMatchObject({ runtimeEnv: 'development', playground: true, introspection: true });
    expect(readConfig({})).toMatchObject({ runtimeEnv: 'development', playground: true, introspection: true });
  });
});

describe('upstream URLs', () => {
  it('requires https for Getty outside loopback', () => {
    expect(problems({ ...GETTY, GETTY_API_URL: 'http://api.example.test', GETTY_AUTH_URL: 'http://10.0.0.5/oauth2/token' })).toEqual([
      expect.stringMatching(/^GETTY_API_URL must be an https URL \(got http:\/\/api\.example\.test\)/),
      expect.stringMatching(/^GETTY_AUTH_URL must be an https URL \(got http:\/\/10\.0\.0\.5\)/),
    ]);
  });

  it.each(['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'https://api.example.test'])('accepts %s', (url) => {
    expect(readConfig({ ...GETTY, GETTY_API_URL: url, GETTY_AUTH_URL: `${url}/oauth2/token` }).getty?.apiUrl).toBe(url);
  });

  it('caps upstream bodies at 2 MB unless told otherwise', () => {
    expect(readConfig({}).upstream.maxBodyBytes).toBe(2 * 1024 * 1024);
    expect(readConfig({ UPSTREAM_MAX_BODY_BYTES: '4096' }).upstream.maxBodyBytes).toBe(4096);
  });
});

describe('the edge', () => {
  it('answers the bind address and this machine’s own names by default', () => {
    expect(readConfig({}).edge.allowedHosts).toEqual(['127.0.0.1', 'localhost', '[::1]']);
    expect(readConfig({ HOST: '0.0.0.0' }).edge.allowedHosts).toEqual(['0.0.0.0', 'localhost', '127.0.0.1', '[::1]']);
    expect(readConfig({ HOST: '::' }).edge.allowedHosts).toEqual(['[::]', 'localhost', '127.0.0.1', '[::1]']);
    // Browsers come back from sign-in to PUBLIC_URL: its host is answered too.
    expect(readConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://Downloads.Example.com' }).edge.allowedHosts).toEqual([
      '0.0.0.0',
      'localhost',
      '127.0.0.1',
      '[::1]',
      'downloads.example.com',
    ]);
  });

  it('reads ALLOWED_HOSTS as lower-case names without ports', () => {
    expect(readConfig({ ALLOWED_HOSTS: 'API.example.com, 10.0.0.5,[::1],api.example.com' }).edge.allowedHosts).toEqual(['api.example.com', '10.0.0.5', '[::1]']);
    expect(problems({ ALLOWED_HOSTS: 'api.example.com:443,https://x.example,*.example.com' })).toEqual([
      expect.stringContaining('(got "api.example.com:443")'),
      expect.stringContaining('(got "https://x.example")'),
      expect.stringContaining('(got "*.example.com")'),
    ]);
  });

  it('sets every server timeout by default, and keeps the headers within the request', () => {
    expect(readConfig({}).edge.timeouts).toEqual({
      requestMs: 30_000,
      headersMs: 10_000,
      connectionMs: 60_000,
      keepAliveMs: 72_000,
      maxRequestsPerSocket: 0,
      maxConnections: 4_096,
    });
    expect(problems({ REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' })).toEqual([
      expect.stringMatching(/^HEADERS_TIMEOUT_MS \(6000\) must not exceed REQUEST_TIMEOUT_MS/),
    ]);
  });

  it('limits each client to 600 GraphQL requests a minute by default; 0 turns it off', () => {
    expect(readConfig({}).edge.clientRateLimit).toBe(600);
    expect(readConfig({ CLIENT_RATE_LIMIT: '0' }).edge.clientRateLimit).toBe(0);
  });
});
