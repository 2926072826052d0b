import { describe, expect, it } from '@jest/globals';
import { corsOptionsFor, isLocalhostOrigin } from '../../src/http/cors.js';

describe('the CORS policy', () => {
  it.each([
    ['http://localhost:5173', true],
    ['https://localhost', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:8080', true],
    ['http://localhost.evil.example', false],
    ['http://localhost:5173/path', false],
    ['file://localhost', false],
    ['null', false],
  ])('treats %s as a localhost origin: %s', (origin, expected) => {
    expect(isLocalhostOrigin(origin)).toBe(expected);
  });

  it('echoes listed origins with credentials, localhost ones (sandbox) without, others not at all', () => {
    const policy = { origins: ['https://app.example.test'], allowLocalhost: true };
    expect(corsOptionsFor(policy, 'https://app.example.test')).toMatchObject({ origin: 'https://app.example.test', credentials: true, maxAge: 600 });
    expect(corsOptionsFor(policy, 'http://localhost:5173')).toMatchObject({ origin: 'http://localhost:5173', credentials: false });
    expect(corsOptionsFor(policy, 'https://evil.example')).toMatchObject({ origin: false, credentials: false });
    expect(corsOptionsFor(policy, undefined)).toMatchObject({ origin: false, credentials: false });
    expect(corsOptionsFor({ ...policy, allowLocalhost: false }, 'http://localhost:5173')).toMatchObject({ origin: false });
  });
});
