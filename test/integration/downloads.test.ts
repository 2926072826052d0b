import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { productTypeFromGetty } from '../../src/domain/downloads/product-types.js';
import { expectedDownloads, utcDay } from './expectations.js';
import { startStack } from './harness.js';
import type { Stack } from './harness.js';

const EVERY_FIELD = `
  id assetId assetType downloadedAt productType productId agreementName thumbnailUrl sizeName
  dimensions { width height dpi } licenseModel downloadSource generatedAssetId notes projectCode
  downloadedBy { username firstName middleName lastName displayName }`;

interface Node {
  id: string;
  assetId: string;
  downloadedAt: string;
  productType: string | null;
  assetType: string | null;
  downloadedBy: { username: string | null; displayName: string | null } | null;
  [field: string]: unknown;
}
interface Page {
  totalCount: number;
  pageInfo: { hasPreviousPage: boolean; hasNextPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: Node }>;
  nodes: Node[];
}

describe('downloads over the sandbox', () => {
  let stack: Stack;
  const today = new Date();
  const tiers: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier) });
  });
  afterAll(() => stack.close());

  async function page(args: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Page> {
    const types: Record<string, string> = { after: 'String', before: 'String', from: 'Date', to: 'Date' };
    const used = [...args.matchAll(/\$(\w+)/g)].map((match) => `$${match[1]}: ${types[match[1]!]}`);
    const declaration = used.length > 0 ? `(${used.join(', ')})` : '';
    const response = await stack.graphql(
      `query Q${declaration} {
        downloads(${args}) {
          totalCount
          pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
          edges { cursor node { ${EVERY_FIELD} } }
          nodes { id }
        }
      }`,
      variables,
      headers,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return (response.body.data as { downloads: Page }).downloads;
  }

  it("answers the first page with the service account's own downloads, mapped", async () => {
    const expected = expectedDownloads(stack.dataset, { username: 'alice.w' }, today);
    const result = await page('first: 10');
    expect(result.totalCount).toBe(expected.length);
    expect(result.totalCount).toBeGreaterThan(10);
    expect(result.edges.map((edge) => edge.node.assetId)).toEqual(expected.slice(0, 10).map((d) => d.id));
    expect(result.nodes.map((node) => node.id)).toEqual(result.edges.map((edge) => edge.node.id));
    expect(result.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(result.pageInfo.startCursor).toBe(result.edges[0]?.cursor);
    expect(result.pageInfo.endCursor).toBe(result.edges[9]?.cursor);

    const first = result.edges[0]!.node;
    const source = expected[0]!;
    expect(source.date_downloaded).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
    expect(first.downloadedAt).toBe(`${source.date_downloaded.slice(0, 23)}Z`);
    expect(first.downloadedBy).toMatchObject({ username: 'alice.w', displayName: 'Alice Wong' });
    expect(first.productType).toBe(source.product_type === null ? null : productTypeFromGetty(source.product_type));
    expect(first.assetType).toBe(source.asset_type?.toUpperCase() ?? null);
  });

  it('answers a query text alike on its first run (graphql-js) and later ones (compiled by graphql-jit)', async () => {
    tiers.length = 0;
    const runs = [await page('first: 13'), await page('first: 13'), await page('first: 13')];
    expect(tiers).toEqual(['interpreted', 'compiled', 'compiled']);
    expect(runs[0]?.edges).toHaveLength(13);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  it('maps missing optional fields to null and thumbnails to URLs the sandbox serves', async () => {
    const all = await collectForward('first: 100, dateRange: { from: $from }', { from: utcDay(today, -365) });
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((node) => node.generatedAssetId === null)).toBe(true);
    expect(all.some((node) => node.dimensions === null)).toBe(true);
    const withThumb = all.find((node) => typeof node.thumbnailUrl === 'string')!;
    const thumb = await fetch(withThumb.thumbnailUrl as string);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toMatch(/svg/);
  });

  it('gives each download event its own stable id, distinct when an asset was downloaded twice', async () => {
    const wide = { from: utcDay(today, -365) };
    const byTens = await collectForward('first: 10, companyDownloads: true, dateRange: { from: $from }', wide, 60);
    const byHundreds = await collectForward('first: 100, companyDownloads: true, dateRange: { from: $from }', wide, 6);
    expect(byTens.map((n) => n.id)).toEqual(byHundreds.slice(0, byTens.length).map((n) => n.id));
    const all = await collectForward('first: 100, companyDownloads: true, dateRange: { from: $from }', wide);
    expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
    expect(new Set(all.map((n) => n.assetId)).size).toBeLessThan(all.length);
  });

  it('pages forward through the whole list exactly once, and backward to the same list', async () => {
    const expected = expectedDownloads(stack.dataset, { username: 'alice.w' }, today).map((d) => d.id);
    const forward = await collectForward('first: 25');
    expect(forward.map((n) => n.assetId)).toEqual(expected);

    const backward: Node[] = [];
    let before: string | null = null;
    let hasPrevious = true;
    while (hasPrevious) {
      const result: Page = await page('last: 25, before: $before', { before });
      backward.unshift(...result.edges.map((e) => e.node));
      expect(result.pageInfo.hasNextPage).toBe(before !== null);
      hasPrevious = result.pageInfo.hasPreviousPage;
      before = result.pageInfo.startCursor;
    }
    expect(backward.map((n) => n.assetId)).toEqual(expected);
  });

  it('counts `last` back from the end of the list and reports the page info exactly', async () => {
    const expected = expectedDownloads(stack.dataset, { username: 'alice.w' }, today);
    const result = await page('last: 7');
    expect(result.edges.map((e) => e.node.assetId)).toEqual(expected.slice(-7).map((d) => d.id));
    expect(result.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
  });

  it('bounds a window with after and before, capped by the default first: 30', async () => {
    const all = await page('first: 100');
    const after = all.edges[4]!.cursor;
    const before = all.edges[9]!.cursor;
    const window = await page('after: $after, before: $before', { after, before });
    expect(window.edges.map((e) => e.node.id)).toEqual(all.edges.slice(5, 9).map((e) => e.node.id));
    expect(window.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const wide = await page('after: $after', { after });
    expect(wide.edges).toHaveLength(30);
  });

  it('returns no edges but the right total and page info for first: 0', async () => {
    const expected = expectedDownloads(stack.dataset, { username: 'alice.w' }, today);
    const result = await page('first: 0');
    expect(result).toEqual({
      totalCount: expected.length,
      pageInfo: { hasPreviousPage: false, hasNextPage: true, startCursor: null, endCursor: null },
      edges: [],
      nodes: [],
    });
  });

  it('filters by inclusive date range, product type and company', async () => {
    const from = utcDay(today, -120);
    const to = utcDay(today, -60);
    const dated = await page('first: 100, dateRange: { from: $from, to: $to }', { from, to });
    const expectedDated = expectedDownloads(stack.dataset, { username: 'alice.w', from, to }, today);
    expect(dated.totalCount).toBe(expectedDated.length);
    expect(dated.edges.every((e) => e.node.downloadedAt.slice(0, 10) >= from && e.node.downloadedAt.slice(0, 10) <= to)).toBe(true);

    const easy = await page('first: 50, productType: EASY_ACCESS');
    const expectedEasy = expectedDownloads(stack.dataset, { username: 'alice.w', productType: 'easyaccess' }, today);
    expect(easy.totalCount).toBe(expectedEasy.length);
    expect(easy.edges.every((e) => e.node.productType === 'EASY_ACCESS')).toBe(true);

    const company = await page('first: 100, companyDownloads: true');
    const expectedCompany = expectedDownloads(stack.dataset, { username: 'alice.w', company: true }, today);
    expect(company.totalCount).toBe(expectedCompany.length);
    expect(new Set(company.edges.map((e) => e.node.downloadedBy?.username)).size).toBeGreaterThanOrEqual(3);
  });

  it("reads every day since `from` when only `from` is given, not only Getty's 30", async () => {
    const from = utcDay(today, -200);
    const result = await page('first: 1, dateRange: { from: $from }', { from });
    const expected = expectedDownloads(stack.dataset, { username: 'alice.w', from, to: utcDay(today) }, today);
    expect(result.totalCount).toBe(expected.length);
    expect(result.totalCount).toBeGreaterThan(expectedDownloads(stack.dataset, { username: 'alice.w' }, today).length);
  });

  it('acts as the caller when a bearer token is sent, forwarded as is', async () => {
    stack.sandbox.resetStats();
    const result = await page('first: 5', undefined, { authorization: 'Bearer sandbox-bob' });
    expect(result.edges.every((e) => e.node.downloadedBy?.username === 'bob.k')).toBe(true);
    expect(result.totalCount).toBe(expectedDownloads(stack.dataset, { username: 'bob.k' }, today).length);
    expect(stack.sandbox.stats.requests.at(-1)?.bearerUser).toBe('bob.k');
  });

  async function collectForward(args: string, variables: Record<string, unknown> = {}, maxPages = 1000): Promise<Node[]> {
    const nodes: Node[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < maxPages; pages += 1) {
      const result: Page = await page(`${args}, after: $after`, { ...variables, after });
      nodes.push(...result.edges.map((e) => e.node));
      expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    return nodes;
  }
});

describe('upstream parameters', () => {
  it("sends Getty's current date_from/date_to when both sides use that style", async () => {
    const today = new Date();
    const stack = await startStack({ sandbox: { dateParams: 'from_to' }, config: { dateParams: 'from_to' } });
    try {
      const from = utcDay(today, -90);
      const response = await stack.graphql('query($from: Date) { downloads(first: 5, dateRange: { from: $from }, productType: IMAGE_PACK) { totalCount } }', { from });
      expect(response.body.errors).toBeUndefined();
      const expected = expectedDownloads(stack.dataset, { username: 'alice.w', from, to: utcDay(today), productType: 'imagepack' }, today);
      expect((response.body.data as { downloads: { totalCount: number } }).downloads.totalCount).toBe(expected.length);
      expect(stack.sandbox.stats.requests.at(-1)?.query).toEqual({ page: '1', page_size: '5', product_type: 'imagepack', date_from: from, date_to: utcDay(today) });
    } finally {
      await stack.close();
    }
  });

  it("surfaces Getty's 400 for a parameter style it does not accept as BAD_USER_INPUT with its code", async () => {
    const stack = await startStack({ sandbox: { dateParams: 'from_to' }, config: { dateParams: 'start_end' } });
    try {
      const response = await stack.graphql('{ downloads(first: 5, dateRange: { from: "2026-01-01" }) { totalCount } }');
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstreamCode: 'UnrecognizedParameter' });
    } finally {
      await stack.close();
    }
  });
});
