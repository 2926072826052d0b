import { describe, expect, it } from '@jest/globals';
import { qpsLimitFromEnv } from '../../src/sandbox/index.js';

describe('qpsLimitFromEnv', () => {
  it('reads SANDBOX_QPS, 0 included (no limit)', () => {
    expect(qpsLimitFromEnv({ SANDBOX_QPS: '12' })).toBe(12);
    expect(qpsLimitFromEnv({ SANDBOX_QPS: ' 0 ' })).toBe(0);
  });

  it('leaves the default to the sandbox when unset or blank', () => {
    expect(qpsLimitFromEnv({})).toBeUndefined();
    expect(qpsLimitFromEnv({ SANDBOX_QPS: ' ' })).toBeUndefined();
  });

  it('names the variable and the accepted values when a value is invalid', () => {
    for (const bad of ['-1', '2.5', 'many']) {
      expect(() => qpsLimitFromEnv({ SANDBOX_QPS: bad })).toThrow(`SANDBOX_QPS must be a whole number >= 0 (0 turns the limit off), got "${bad}"`);
    }
  });
});
