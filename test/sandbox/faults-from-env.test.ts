import { describe, expect, it } from '@jest/globals';
import { faultsFromEnv } from '../../src/sandbox/index.js';

describe('faultsFromEnv', () => {
  it('reads every variable', () => {
    expect(
      faultsFromEnv({
        SANDBOX_LATENCY_MS: '250',
        SANDBOX_RATE_429: '0.1',
        SANDBOX_RATE_500: '0.05',
        SANDBOX_HANG_RATE: '0',
        SANDBOX_GARBAGE_RATE: '1',
      }),
    ).toEqual({ latencyMs: 250, rate429: 0.1, rate500: 0.05, hangRate: 0, garbageRate: 1 });
  });

  it('leaves unset and blank variables out', () => {
    expect(faultsFromEnv({})).toEqual({});
    expect(faultsFromEnv({ SANDBOX_RATE_500: '  ', SANDBOX_LATENCY_MS: '' })).toEqual({});
  });

  it('names the variable and the accepted values when a value is invalid', () => {
    expect(() => faultsFromEnv({ SANDBOX_RATE_429: 'lots' })).toThrow('SANDBOX_RATE_429 must be a number between 0 and 1 (a share of requests), got "lots"');
    expect(() => faultsFromEnv({ SANDBOX_HANG_RATE: '1.5' })).toThrow(/^SANDBOX_HANG_RATE must be a number between 0 and 1/);
    expect(() => faultsFromEnv({ SANDBOX_LATENCY_MS: '-5' })).toThrow('SANDBOX_LATENCY_MS must be a number of milliseconds >= 0, got "-5"');
  });
});
