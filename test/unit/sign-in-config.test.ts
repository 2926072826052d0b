import { describe, expect, it } from '@jest/globals';
import { ConfigError, readConfig } from '../../src/config/env.js';
import { safeReturnPath } from '../../src/http/sign-in/return-path.js';

const GETTY = { GETTY_API_KEY: 'key', GETTY_API_SECRET: 'secret' };

function problems(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('sign-in configuration', () => {
  it('is off against Getty unless GETTY_AUTHORIZE_URL is set, with PUBLIC_URL and the secret', () => {
    expect(readConfig(GETTY).signIn.authorizeUrl).toBeUndefined();
    const on = readConfig({ ...GETTY, GETTY_AUTHORIZE_URL: 'https://getty.example/oauth2/authorize', PUBLIC_URL: 'https://downloads.example.com/' });
    expect(on.signIn).toMatchObject({ authorizeUrl: 'https://getty.example/oauth2/authorize', publicUrl: 'https://downloads.example.com' });
    expect(problems({ ...GETTY, GETTY_AUTHORIZE_URL: 'https://getty.example/authorize' })).toEqual([expect.stringMatching(/^GETTY_AUTHORIZE_URL needs PUBLIC_URL/)]);
    expect(problems({ GETTY_API_KEY: 'key', GETTY_AUTHORIZE_URL: 'https://getty.example/authorize', PUBLIC_URL: 'https://d.example' })).toEqual([
      expect.stringMatching(/^GETTY_AUTHORIZE_URL needs GETTY_API_SECRET/),
    ]);
    expect(problems({ GETTY_AUTHORIZE_URL: 'https://getty.example/authorize' })).toEqual([expect.stringMatching(/^GETTY_AUTHORIZE_URL is set but GETTY_API_KEY is not/)]);
    expect(problems({ PUBLIC_URL: 'https://d.example/app' })).toEqual([expect.stringMatching(/^PUBLIC_URL must be an origin without a path/)]);
  });

  it('reads the lifetimes in minutes and hours', () => {
    expect(readConfig({ SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '2' }).signIn).toMatchObject({ idleMs: 15 * 60_000, maxAgeMs: 2 * 3_600_000 });
    expect(problems({ SESSION_IDLE_MINUTES: '0' })).toHaveLength(1);
  });
});

describe('safeReturnPath', () => {
  it('keeps same-origin paths and turns anything else into /', () => {
    expect(safeReturnPath('/?company=1&page=2')).toBe('/?company=1&page=2');
    expect(safeReturnPath('/graphql')).toBe('/graphql');
    for (const foreign of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'evil', '/a\\b', '/a\nb', '', undefined, ['/x'], `/${'a'.repeat(600)}`]) {
      expect(safeReturnPath(foreign)).toBe('/');
    }
  });
});
