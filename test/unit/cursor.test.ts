import { describe, expect, it } from '@jest/globals';
import { cursorScope, decodeCursor, encodeCursor } from '../../src/domain/pagination/cursor.js';
import { GatewayError } from '../../src/errors.js';

describe('cursors', () => {
  const scope = cursorScope(['2026-01-01', undefined, 'EASY_ACCESS', false]);

  it('round-trips an offset under the same filters', () => {
    for (const offset of [0, 1, 37, 99_999]) {
      expect(decodeCursor(encodeCursor(offset, scope), scope, 'after')).toBe(offset);
    }
  });

  it('is opaque base64url', () => {
    expect(encodeCursor(42, scope)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(encodeCursor(42, scope)).not.toContain('42');
  });

  it('differs per filter set', () => {
    expect(cursorScope(['2026-01-01', undefined, 'EASY_ACCESS', true])).not.toBe(scope);
    expect(cursorScope([undefined, '2026-01-01', 'EASY_ACCESS', false])).not.toBe(scope);
  });

  it('rejects a cursor issued for other filters as BAD_USER_INPUT', () => {
    const other = cursorScope([undefined, undefined, undefined, false]);
    const error = catchError(() => decodeCursor(encodeCursor(3, other), scope, 'before'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'before' });
    expect(error.message).toMatch(/other filters/);
  });

  it.each([
    '',
    'garbage',
    Buffer.from('v1:-1:x').toString('base64url'),
    Buffer.from('v2:1:x').toString('base64url'),
    Buffer.from(`v1:1.5:${'x'}`).toString('base64url'),
    Buffer.from(`v1:1:${scope}:extra`).toString('base64url'),
    'A'.repeat(500),
  ])('rejects the malformed cursor %j', (cursor) => {
    const error = catchError(() => decodeCursor(cursor, scope, 'after'));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/not a cursor this API issued/);
  });
});

function catchError(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
