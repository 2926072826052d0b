import { describe, expect, it } from '@jest/globals';
import { retryDelay } from '../../src/getty/retry-delay.js';

const policy = { baseMs: 200, maxDelayMs: 3000 };

describe('retryDelay', () => {
  it('never retries what got refuses to retry', () => {
    expect(retryDelay(policy, { attemptCount: 1, computedValue: 0 })).toBe(0);
  });

  it('doubles per attempt with equal jitter, capped', () => {
    expect(retryDelay(policy, { attemptCount: 1, computedValue: 1 }, () => 0)).toBe(100);
    expect(retryDelay(policy, { attemptCount: 1, computedValue: 1 }, () => 1)).toBe(200);
    expect(retryDelay(policy, { attemptCount: 3, computedValue: 1 }, () => 0)).toBe(400);
    expect(retryDelay(policy, { attemptCount: 3, computedValue: 1 }, () => 1)).toBe(800);
    expect(retryDelay(policy, { attemptCount: 10, computedValue: 1 }, () => 1)).toBe(3000);
  });

  it('honours Retry-After within the cap, and gives up beyond it', () => {
    expect(retryDelay(policy, { attemptCount: 1, computedValue: 1, retryAfter: 2000 }, () => 0.5)).toBe(2000);
    expect(retryDelay(policy, { attemptCount: 1, computedValue: 1, retryAfter: 5000 })).toBe(0);
  });

  it('keeps a zero base from meaning "do not retry"', () => {
    expect(retryDelay({ baseMs: 0, maxDelayMs: 0 }, { attemptCount: 1, computedValue: 1 })).toBe(1);
  });
});
