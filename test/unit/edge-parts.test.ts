import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ClientKeys } from '../../src/auth/client-keys.js';
import { ServiceAccountGuard } from '../../src/auth/service-account-guard.js';
import { hostAllowed, hostName } from '../../src/http/allowed-hosts.js';
import { sessionCookieValue } from '../../src/http/client-identity.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('ClientKeys', () => {
  const keys = new ClientKeys([sha256('key-one'), sha256('key-two')]);

  it('knows a configured key by its digest, and no other', () => {
    expect(keys.match('key-two')).toBe(sha256('key-two'));
    expect(keys.match('key-one')).toBe(sha256('key-one'));
    expect(keys.match('key-three')).toBeUndefined();
    expect(keys.match('')).toBeUndefined();
    expect(new ClientKeys([]).match('key-one')).toBeUndefined();
  });
});

describe('ServiceAccountGuard', () => {
  it('admits a known key; refuses an unknown one even when anonymous use is allowed', () => {
    const guard = new ServiceAccountGuard({ clientKeyDigests: [sha256('k')], anonymous: true });
    expect(guard.admit('k')).toEqual({ admitted: true });
    expect(guard.admit(undefined)).toEqual({ admitted: true });
    const wrong = guard.admit('not-k');
    expect(wrong.admitted).toBe(false);
  });

  it('refuses anonymous requests unless allowed, saying how to authenticate', () => {
    const verdict = new ServiceAccountGuard({ clientKeyDigests: [sha256('k')], anonymous: false }).admit(undefined);
    if (verdict.admitted) throw new Error('admitted an anonymous request');
    expect(verdict.error.code).toBe('UNAUTHENTICATED');
    expect(verdict.error.message).toMatch(/Authorization: Bearer/);
    expect(verdict.error.message).toMatch(/\/auth\/login/);
    expect(verdict.error.message).toMatch(/X-Gateway-Key/);
  });
});

describe('allowed hosts', () => {
  it('reads the host of a Host header, without its port', () => {
    expect(hostName('LocalHost:4000')).toBe('localhost');
    expect(hostName('[::1]:4000')).toBe('[::1]');
    expect(hostName('api.example.com:80')).toBe('api.example.com');
    expect(hostName('api.example.com')).toBe('api.example.com');
    expect(hostName('evil.example/path')).toBeUndefined();
    expect(hostName('user@api.example.com')).toBeUndefined();
    expect(hostName('')).toBeUndefined();
    expect(hostName(undefined)).toBeUndefined();
  });

  it('answers listed names; IP addresses only where any address is allowed', () => {
    const listed = { hosts: new Set(['localhost', 'api.example.com']), anyAddress: false };
    expect(hostAllowed('api.example.com:4000', listed)).toBe(true);
    expect(hostAllowed('rebound.attacker.example:4000', listed)).toBe(false);
    expect(hostAllowed('10.0.0.5:4000', listed)).toBe(false);
    const admin = { ...listed, anyAddress: true };
    expect(hostAllowed('10.0.0.5:9464', admin)).toBe(true);
    expect(hostAllowed('[fd00::5]:9464', admin)).toBe(true);
    expect(hostAllowed('rebound.attacker.example:9464', admin)).toBe(false);
  });
});

describe('sessionCookieValue', () => {
  it('reads either session cookie from the raw header', () => {
    expect(sessionCookieValue('theme=dark; __Host-gateway-session=abc123')).toBe('abc123');
    expect(sessionCookieValue('gateway-session=abc123')).toBe('abc123');
    expect(sessionCookieValue('other=abc123')).toBeUndefined();
    expect(sessionCookieValue('gateway-session=')).toBeUndefined();
    expect(sessionCookieValue(undefined)).toBeUndefined();
  });
});
