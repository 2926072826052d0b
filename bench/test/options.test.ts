import { describe, expect, it } from '@jest/globals';
import { parseOptions, UsageError } from '../options.js';

describe('bench options', () => {
  it('defaults to the issue matrix: 3 s warm-up, 10 s, two rounds, 1 and 10 connections', () => {
    expect(parseOptions([])).toEqual({
      mode: 'matrix',
      profile: false,
      save: false,
      serviceAccount: false,
      redis: false,
      warmupSeconds: 3,
      durationSeconds: 10,
      rounds: 2,
      connections: [1, 10],
      cells: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      baselineRef: undefined,
    });
  });

  it('--redis runs every gateway on Redis, in any mode', () => {
    expect(parseOptions(['--redis'])).toMatchObject({ mode: 'matrix', redis: true });
    expect(parseOptions(['--ab', 'main', '--redis'])).toMatchObject({ mode: 'ab', redis: true });
  });

  it('--ab compares a baseline ref with this tree: cells (a) and (e), five rounds, unless told', () => {
    expect(parseOptions(['--ab', 'main'])).toMatchObject({ mode: 'ab', baselineRef: 'main', cells: ['a', 'e'], rounds: 5, connections: [1, 10] });
    expect(parseOptions(['--ab', 'HEAD~1', '--cells', 'a,f,g', '--rounds', '3'])).toMatchObject({ cells: ['a', 'f', 'g'], rounds: 3 });
  });

  it('--ab refuses what would make A and B unlike, or publish them', () => {
    expect(() => parseOptions(['--ab', 'main', '--profile'])).toThrow(/--ab and --profile are separate runs/);
    expect(() => parseOptions(['--ab', 'main', '--save'])).toThrow(/--ab results are not published/);
    expect(() => parseOptions(['--ab', 'main', '--growth'])).toThrow(/--growth and --ab are separate runs/);
    expect(() => parseOptions(['--ab=-x'])).toThrow(/--ab needs a git ref/);
    expect(() => parseOptions(['--ab', ' '])).toThrow(/--ab needs a git ref/);
    expect(() => parseOptions(['--ab'])).toThrow(UsageError);
  });

  it('growth runs one round at 10 connections unless told', () => {
    expect(parseOptions(['--growth'])).toMatchObject({ mode: 'growth', rounds: 1, connections: [10] });
  });

  it('takes short-run flags', () => {
    expect(parseOptions(['--duration', '2', '--warmup', '1', '--rounds', '1', '--connections', '10', '--cells', 'a,b', '--profile', '--save'])).toMatchObject({
      durationSeconds: 2,
      warmupSeconds: 1,
      rounds: 1,
      connections: [10],
      cells: ['a', 'b'],
      profile: true,
      save: true,
    });
  });

  it('refuses bad values with the flag named', () => {
    expect(() => parseOptions(['--cells', 'h'])).toThrow(/--cells takes a, b, c, d, e, f, g, got h/);
    expect(() => parseOptions(['--connections', '1.5'])).toThrow(/--connections must be a whole number/);
    expect(() => parseOptions(['--duration', '0'])).toThrow(/--duration must be a number >= 0.5/);
    expect(() => parseOptions(['--growth', '--cells', 'a'])).toThrow(/--cells applies to the matrix/);
    expect(() => parseOptions(['--fast'])).toThrow(/Unknown option '--fast'/);
  });
});
