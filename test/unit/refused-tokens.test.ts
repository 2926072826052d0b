import { describe, expect, it } from '@jest/globals';
import { RefusedTokens } from '../../src/getty/refused-tokens.js';

describe('RefusedTokens', () => {
  it('remembers a refused credential for a minute, then forgets it', () => {
    const clock = { ms: 1_000, now: () => clock.ms };
    const refused = new RefusedTokens(clock);
    refused.add('digest-a');
    expect(refused.has('digest-a')).toBe(true);
    expect(refused.has('digest-b')).toBe(false);
    clock.ms += 59_999;
    expect(refused.has('digest-a')).toBe(true);
    clock.ms += 2;
    expect(refused.has('digest-a')).toBe(false);
  });

  it('is bounded: the oldest of more than 10 000 credentials is dropped', () => {
    const refused = new RefusedTokens();
    for (let i = 0; i <= 10_000; i += 1) refused.add(`digest-${i}`);
    expect(refused.has('digest-0')).toBe(false);
    expect(refused.has('digest-1')).toBe(true);
    expect(refused.has('digest-10000')).toBe(true);
  });
});
