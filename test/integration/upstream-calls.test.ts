import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { downloadCalls, startStack } from './harness.js';
import type { Stack } from './harness.js';

/** The planner's promises, counted at the sandbox: the fewest GETs, and none past the end. */
describe('upstream calls per GraphQL request', () => {
  let stack: Stack;
  let total: number;
  let cursors: string[];

  beforeAll(async () => {
    stack = await startStack();
    const all = await stack.graphql('{ downloads(first: 100) { totalCount edges { cursor } } }');
    const downloads = (all.body.data as { downloads: { totalCount: number; edges: Array<{ cursor: string }> } }).downloads;
    total = downloads.totalCount;
    cursors = downloads.edges.map((edge) => edge.cursor);
    expect(total).toBeGreaterThan(60);
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.resetStats());

  const pages = () => downloadCalls(stack.sandbox).map((call) => `${call.query.page}x${call.query.page_size}`);

  it('first: 20 is one GET of page 1 with page_size 20', async () => {
    await stack.graphql('{ downloads(first: 20) { totalCount } }');
    expect(pages()).toEqual(['1x20']);
  });

  it('a window that fits one page for some page size is one GET', async () => {
    const response = await stack.graphql('query($after: String) { downloads(first: 20, after: $after) { edges { cursor } } }', { after: cursors[37] });
    expect(pages()).toEqual(['2x29']);
    const edges = (response.body.data as { downloads: { edges: Array<{ cursor: string }> } }).downloads.edges;
    expect(edges.map((edge) => edge.cursor)).toEqual(cursors.slice(38, 58));
  });

  it('a window that fits no single page is two GETs', async () => {
    await stack.graphql('query($after: String) { downloads(first: 60, after: $after) { totalCount } }', { after: cursors[40] });
    const calls = pages();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.split('x')[1]).toBe(calls[1]!.split('x')[1]);
  });

  it('last without before is two GETs when the list is longer than one page and its end fits one: the total, then the end', async () => {
    const response = await stack.graphql('{ downloads(last: 5) { totalCount edges { cursor } } }');
    const calls = pages();
    expect(calls).toHaveLength(2);
    const [page, size] = calls[1]!.split('x').map(Number);
    // The second GET's window holds exactly the list's last five items.
    expect(page! * size!).toBeGreaterThanOrEqual(total);
    expect((page! - 1) * size!).toBeLessThanOrEqual(total - 5);
    expect((response.body.data as { downloads: { edges: unknown[] } }).downloads.edges).toHaveLength(5);
  });

  it('first: 0 is one GET of a single item, for the total', async () => {
    await stack.graphql('{ downloads(first: 0) { totalCount } }');
    expect(pages()).toEqual(['1x1']);
  });

  it('two aliases with the same arguments share one GET', async () => {
    const response = await stack.graphql(`{
      a: downloads(first: 20) { totalCount nodes { id } }
      b: downloads(first: 20) { nodes { assetId } }
    }`);
    expect(pages()).toEqual(['1x20']);
    const data = response.body.data as { a: { nodes: unknown[] }; b: { nodes: unknown[] } };
    expect(data.a.nodes).toHaveLength(20);
    expect(data.b.nodes).toHaveLength(20);
  });

  it('never asks for a page past the end of a list it knows', async () => {
    const response = await stack.graphql('query($after: String) { downloads(first: 30, after: $after) { totalCount } }', { after: cursors[total - 5] ?? cursors.at(-1) });
    expect(response.body.errors).toBeUndefined();
    expect(downloadCalls(stack.sandbox).every((call) => call.status === 200)).toBe(true);
  });

  it('answers empty edges when the upstream still says the page is past the end', async () => {
    // Cursors are positions under the same filters; the service account's far cursor is past
    // the end of a shorter list, the one of a user with fewer downloads.
    const response = await stack.graphql(
      'query($after: String) { downloads(first: 10, after: $after) { totalCount edges { cursor } pageInfo { hasNextPage hasPreviousPage } } }',
      { after: cursors[99] },
      { authorization: 'Bearer sandbox-sam' },
    );
    expect(response.body.errors).toBeUndefined();
    const downloads = (response.body.data as { downloads: { totalCount: number; edges: unknown[]; pageInfo: object } }).downloads;
    expect(downloads.totalCount).toBeLessThan(100);
    expect(downloads.edges).toEqual([]);
    expect(downloads.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: downloads.totalCount > 0 });
    expect(downloadCalls(stack.sandbox).map((call) => [call.status, call.query.page, call.query.page_size])).toEqual([
      [400, '11', '10'],
      [200, '1', '1'],
    ]);
  });
});
