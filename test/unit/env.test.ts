import { describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { problems } from './config-problems.js';

describe('readConfig', () => {
  it('has working defaults: sandbox mode on 127.0.0.1:4000', () => {
    const config = readConfig({});
    expect(config.getty).toBeUndefined();
    expect(config).toMatchObject({
      runtimeEnv: 'development',
      host: '127.0.0.1',
      port: 4000,
      logLevel: 'info',
      dateParams: 'start_end',
      upstream: { timeoutMs: 10_000, retries: 2 },
    });
  });

  it('reads a real Getty setup with a password-grant service account', () => {
    const config = readConfig({
      GETTY_API_KEY: 'key',
      GETTY_API_SECRET: 'secret',
      GETTY_USERNAME: 'svc',
      GETTY_PASSWORD: 'pw',
      SERVICE_ACCOUNT_ANONYMOUS: 'true',
      GETTY_API_URL: 'https://api.example.test/',
      GETTY_DATE_PARAMS: 'from_to',
      UPSTREAM_TIMEOUT_MS: '2500',
      UPSTREAM_RETRIES: '0',
    });
    expect(config.getty).toEqual({
      apiUrl: 'https://api.example.test',
      authUrl: 'https://authentication.gettyimages.com/oauth2/token',
      apiKey: 'key',
      apiSecret: 'secret',
      serviceAccount: { grant: 'password', username: 'svc', password: 'pw' },
    });
    expect(config.dateParams).toBe('from_to');
    expect(config.upstream).toMatchObject({ timeoutMs: 2500, retries: 0 });
  });

  it('reads a refresh-token service account', () => {
    const config = readConfig({ GETTY_API_KEY: 'k', GETTY_API_SECRET: 's', GETTY_REFRESH_TOKEN: 'r', GATEWAY_CLIENT_KEY_DIGESTS: 'a'.repeat(64) });
    expect(config.getty?.serviceAccount).toEqual({ grant: 'refresh_token', refreshToken: 'r' });
  });

  it('names every bad variable with the values it accepts, at once', () => {
    expect(problems({ PORT: 'abc', GETTY_DATE_PARAMS: 'both', LOG_LEVEL: 'loud', UPSTREAM_RETRIES: '11' })).toEqual([
      'PORT must be a whole number from 0 to 65535 (got "abc")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'GETTY_DATE_PARAMS must be one of start_end, from_to (got "both")',
      'UPSTREAM_RETRIES must be a whole number from 0 to 10 (got "11")',
    ]);
  });

  it('refuses half-configured credentials, without echoing secrets', () => {
    const found = problems({ GETTY_API_KEY: 'k', GETTY_USERNAME: 'svc' });
    expect(found).toEqual([expect.stringMatching(/GETTY_USERNAME and GETTY_PASSWORD go together/)]);
    expect(problems({ GETTY_API_KEY: 'k', GETTY_USERNAME: 'u', GETTY_PASSWORD: 'hunter2' })).toEqual([expect.stringMatching(/GETTY_API_SECRET is required/)]);
    expect(problems({ GETTY_API_KEY: 'k', GETTY_API_SECRET: 's', GETTY_USERNAME: 'u', GETTY_PASSWORD: 'p', GETTY_REFRESH_TOKEN: 'r' })).toEqual([
      expect.stringMatching(/alternatives/),
    ]);
    expect(JSON.stringify(problems({ GETTY_API_KEY: 'k', GETTY_USERNAME: 'u', GETTY_PASSWORD: 'hunter2' }))).not.toContain('hunter2');
  });

  it('refuses Getty settings without an API key instead of silently running the sandbox', () => {
    expect(problems({ GETTY_USERNAME: 'u', GETTY_PASSWORD: 'p' })).toEqual([
      expect.stringMatching(/^GETTY_USERNAME is set but GETTY_API_KEY is not/),
      expect.stringMatching(/^GETTY_PASSWORD is set but GETTY_API_KEY is not/),
    ]);
  });

  it('rejects a non-http API URL', () => {
    expect(problems({ GETTY_API_KEY: 'k', GETTY_API_URL: 'ftp://x' })).toEqual(['GETTY_API_URL must be an absolute http(s) URL (got "ftp://x")']);
  });

  it('turns the playground and introspection on by default, off by default in production', () => {
    expect(readConfig({})).toMatchObject({ playground: true, introspection: true, corsOrigins: [] });
    expect(readConfig({ NODE_ENV: 'production' })).toMatchObject({ playground: false, introspection: false });
    expect(readConfig({ NODE_ENV: 'production', PLAYGROUND: 'true', GRAPHQL_INTROSPECTION: '1' })).toMatchObject({ playground: true, introspection: true });
    expect(readConfig({ PLAYGROUND: 'false', GRAPHQL_INTROSPECTION: '0' })).toMatchObject({ playground: false, introspection: false });
    expect(problems({ PLAYGROUND: 'yes', GRAPHQL_INTROSPECTION: 'off' })).toEqual([
      'PLAYGROUND must be true, false, 1 or 0 (got "yes")',
      'GRAPHQL_INTROSPECTION must be true, false, 1 or 0 (got "off")',
    ]);
  });

  it('reads CORS_ORIGINS as normalized, de-duplicated origins', () => {
    expect(readConfig({ CORS_ORIGINS: ' https://App.example.com/ ,http://localhost:5173,https://app.example.com:443,, ' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
  });

  it.each(['*', 'https://*.example.com', 'https://app.example.com/path', 'app.example.com', 'ftp://files.example.com', 'https://user@app.example.com'])(
    'refuses %s in CORS_ORIGINS, naming the bad entry',
    (origin) => {
      expect(problems({ CORS_ORIGINS: `https://ok.example.com,${origin}` })).toEqual([
        `CORS_ORIGINS must be comma-separated origins such as https://app.example.com or http://localhost:5173, without paths or wildcards (got "${origin}")`,
      ]);
    },
  );

  it('puts the list in the error message', () => {
    expect(() => readConfig({ PORT: '-1' })).toThrow(/Invalid configuration:\n {2}- PORT must be/);
  });
});
