import { createHash } from 'node:crypto';
import { badUserInput } from '../../errors.js';

/**
 * Cursors are offsets into the filtered list, bound to the filter they were issued for:
 * the same offset means another item under another filter, so reuse across filters is an
 * input error rather than a silent jump. They are opaque (base64url) so clients don't
 * build them; tampering only yields another offset of the caller's own list.
 */
const VERSION = 'v1';
const MAX_OFFSET = 10_000_000;
const MAX_CURSOR_LENGTH = 64;

/** A short digest of the filter arguments as the client gave them. */
export function cursorScope(parts: ReadonlyArray<string | boolean | undefined>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

export function encodeCursor(offset: number, scope: string): string {
  return Buffer.from(`${VERSION}:${offset}:${scope}`).toString('base64url');
}

export function decodeCursor(cursor: string, scope: string, argument: 'after' | 'before'): number {
  const decoded = cursor.length <= MAX_CURSOR_LENGTH ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const [version, offsetText, cursorScopeValue, extra] = decoded.split(':');
  const offset = Number(offsetText);
  if (version !== VERSION || extra !== undefined || offsetText === undefined || !/^\d{1,8}$/.test(offsetText) || offset > MAX_OFFSET || cursorScopeValue === undefined) {
    throw badUserInput(`\`${argument}\` is not a cursor this API issued: pass a cursor from edges.cursor or pageInfo, unchanged`, argument);
  }
  if (cursorScopeValue !== scope) {
    throw badUserInput(
      `\`${argument}\` was issued for other filters (dateRange, productType or companyDownloads): ` +
        'keep the filters of the page it came from, or start again without a cursor',
      argument,
    );
  }
  return offset;
}
