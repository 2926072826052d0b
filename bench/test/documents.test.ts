import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { parse, validate } from 'graphql';
import { fullDownloadsQuery } from '../documents.js';
import { loadSchema, selectAll } from '../selection.js';

const schema = loadSchema(fileURLToPath(new URL('../..', import.meta.url)));

describe('bench queries', () => {
  it('select every Download field, nested objects included', () => {
    const selection = selectAll(schema, 'Download');
    for (const name of ['id', 'assetId', 'downloadedAt', 'thumbnailUrl', 'notes', 'projectCode']) expect(selection.split(' ')).toContain(name);
    expect(selection).toContain('dimensions { width height dpi }');
    expect(selection).toMatch(/downloadedBy \{ [^}]*displayName[^}]* \}/);
  });

  it('are valid against the schema, cursors passed as variables', () => {
    const body = fullDownloadsQuery(schema, [
      { alias: 'one', first: 20 },
      { alias: 'two', first: 20, after: 'cursor-37' },
    ]);
    expect(validate(schema, parse(body.query))).toEqual([]);
    expect(body.variables).toEqual({ after_two: 'cursor-37' });
    expect(body.query).toContain('pageInfo { hasPreviousPage hasNextPage startCursor endCursor } totalCount');
  });

  it('send no variables when no alias has a cursor', () => {
    expect(fullDownloadsQuery(schema, [{ alias: 'downloads', first: 1 }])).not.toHaveProperty('variables');
  });
});
