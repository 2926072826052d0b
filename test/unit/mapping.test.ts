import { describe, expect, it } from '@jest/globals';
import { assetType, displayName, httpUrl, productType, toDownload } from '../../src/domain/downloads/mapping.js';
import { parseGettyInstant } from '../../src/getty/date-time.js';
import { GETTY_PRODUCT_TYPES, productTypeFromGetty } from '../../src/domain/downloads/product-types.js';
import type { DownloadRecord } from '../../src/getty/records.js';

const record = (overrides: Partial<DownloadRecord> = {}): DownloadRecord => ({
  id: '1167612765',
  date_downloaded: '2026-05-01T10:21:07.1230000',
  product_id: 8421,
  user: { username: 'alice.w', first_name: 'Alice', middle_name: null, last_name: 'Wong' },
  ...overrides,
});

describe('parseGettyInstant', () => {
  const iso = (text: string) => {
    const instant = parseGettyInstant(text);
    return instant === undefined ? undefined : new Date(instant).toISOString();
  };
  it('reads a zone-less .NET date-time with 7 fractional digits as UTC, truncated to ms', () => {
    expect(iso('2026-05-01T10:21:07.1239999')).toBe('2026-05-01T10:21:07.123Z');
  });

  it('knows month lengths and leap years', () => {
    expect(iso('2024-02-29T10:00:00')).toBe('2024-02-29T10:00:00.000Z');
    expect(iso('2000-02-29T10:00:00')).toBe('2000-02-29T10:00:00.000Z');
    expect(iso('2026-12-31T23:59:59')).toBe('2026-12-31T23:59:59.000Z');
    expect(iso('2026-04-30T00:00:00')).toBe('2026-04-30T00:00:00.000Z');
  });

  it('accepts no fraction, short fractions, Z and offsets', () => {
    expect(iso('2026-05-01T10:21:07')).toBe('2026-05-01T10:21:07.000Z');
    expect(iso('2026-05-01T10:21:07.5')).toBe('2026-05-01T10:21:07.500Z');
    expect(iso('2026-05-01T10:21:07.12Z')).toBe('2026-05-01T10:21:07.120Z');
    expect(iso('2026-05-01T10:21:07+02:00')).toBe('2026-05-01T08:21:07.000Z');
    expect(iso('2026-05-01T00:21:07-0130')).toBe('2026-05-01T01:51:07.000Z');
  });

  it.each([
    '2026-02-30T10:00:00',
    '2026-02-29T10:00:00',
    '1900-02-29T10:00:00',
    '2026-04-31T10:00:00',
    '2026-05-01T24:00:00',
    '2026-05-01 10:21:07',
    'yesterday',
    '2026-13-01T00:00:00',
    '2026-05-01T10:21:07.',
    '2026-05-01T10:21:07.1234567890',
    '2026-05-01T10:21:07Zx',
    '2026-05-01T10:21:07+02',
    '2026-05-01T10:21:07+0a:00',
    '2026-05-01T10:21:7',
    '2026-5-01T10:21:07',
    '2026-05-01T10:21:07.12a',
  ])('rejects %j', (text) => expect(parseGettyInstant(text)).toBeUndefined());
});

describe('enums', () => {
  it('maps every Getty product type both ways', () => {
    for (const [name, getty] of Object.entries(GETTY_PRODUCT_TYPES)) expect(productTypeFromGetty(getty)).toBe(name);
  });

  it('serves unknown values as null and reports them, never failing', () => {
    const seen: string[] = [];
    const report = (field: string, value: string) => seen.push(`${field}=${value}`);
    expect(productType(record({ product_type: 'newthing' }), report)).toBeNull();
    expect(assetType(record({ asset_type: 'illustration' }), report)).toBeNull();
    expect(productType(record({ product_type: 'EasyAccess' }), report)).toBe('EASY_ACCESS');
    expect(assetType(record({ asset_type: 'video' }), report)).toBe('VIDEO');
    expect(productType(record({ product_type: null }), report)).toBeNull();
    expect(assetType(record({}), report)).toBeNull();
    expect(seen).toEqual(['productType=newthing', 'assetType=illustration']);
  });

  // Lookups lower-case the value first, so the all-lowercase names are the ones that could reach the prototype.
  it.each(['constructor', '__proto__', 'toString'])('serves an upstream value named like an Object.prototype member (%j) as null, with the warning', (value) => {
    const seen: string[] = [];
    const report = (field: string, unknown: string) => seen.push(`${field}=${unknown}`);
    expect(assetType(record({ asset_type: value }), report)).toBeNull();
    expect(productType(record({ product_type: value }), report)).toBeNull();
    expect(seen).toEqual([`assetType=${value}`, `productType=${value}`]);
  });
});

describe('httpUrl', () => {
  it('keeps http(s) URLs and drops anything else', () => {
    expect(httpUrl('https://media.gettyimages.com/id/1/photo/x.jpg?s=170x170')?.href).toBe('https://media.gettyimages.com/id/1/photo/x.jpg?s=170x170');
    expect(httpUrl('not a url')).toBeNull();
    expect(httpUrl('javascript:alert(1)')).toBeNull();
    expect(httpUrl('/relative/thumb.jpg')).toBeNull();
    expect(httpUrl(null)).toBeNull();
    expect(httpUrl(undefined)).toBeNull();
  });
});

describe('displayName', () => {
  it('joins the name parts that exist, else falls back to the username', () => {
    expect(displayName({ username: 'c', first_name: 'Carol', middle_name: 'Anne', last_name: 'Meyer' })).toBe('Carol Anne Meyer');
    expect(displayName({ username: 'alice.w', first_name: 'Alice', middle_name: null, last_name: 'Wong' })).toBe('Alice Wong');
    expect(displayName({ username: 'svc', first_name: ' ', last_name: null })).toBe('svc');
    expect(displayName({})).toBeNull();
  });
});

describe('toDownload', () => {
  const ignore = () => {};
  const id = (overrides: Partial<DownloadRecord> = {}) => toDownload(record(overrides), ignore).id;

  it("maps every field once, in the schema's shape", () => {
    const seen: string[] = [];
    const download = toDownload(
      record({
        asset_type: 'image',
        product_type: 'newthing',
        agreement_name: 'Agreement',
        thumb_uri: 'javascript:alert(1)',
        size_name: 'large',
        dimensions: { width: 4000, height: 3000, dpi: null },
        download_details: { download_notes: 'for the cover', project_code: null },
      }),
      (field, value) => seen.push(`${field}=${value}`),
    );
    expect(download).toEqual({
      id: expect.stringMatching(/^dl_[A-Za-z0-9_-]{22}$/),
      assetId: '1167612765',
      assetType: 'IMAGE',
      downloadedAt: new Date('2026-05-01T10:21:07.123Z'),
      productType: null,
      productId: 8421,
      agreementName: 'Agreement',
      thumbnailUrl: null,
      sizeName: 'large',
      dimensions: { width: 4000, height: 3000, dpi: null },
      licenseModel: null,
      downloadSource: null,
      generatedAssetId: null,
      notes: 'for the cover',
      projectCode: null,
      downloadedBy: { username: 'alice.w', firstName: 'Alice', middleName: null, lastName: 'Wong', displayName: 'Alice Wong' },
    });
    expect(seen).toEqual(['productType=newthing']);
    expect(toDownload(record({ user: null }), ignore).downloadedBy).toBeNull();
  });

  it('refuses a record whose date_downloaded is not a date-time', () => {
    expect(() => toDownload(record({ date_downloaded: 'yesterday' }), ignore)).toThrow(/date_downloaded/);
  });

  it('gives the same id to the same event however it was fetched', () => {
    expect(id()).toBe(id({ thumb_uri: 'https://x.test/a.jpg', size_name: 'small' }));
    expect(id()).toBe(id({ date_downloaded: '2026-05-01T10:21:07.123Z' }));
  });

  it('gives another id to the same asset downloaded again, or by someone else', () => {
    const ids = new Set([id(), id({ date_downloaded: '2026-05-02T10:21:07.1230000' }), id({ user: { username: 'bob.k' } }), id({ product_id: 1 }), id({ id: '999' })]);
    expect(ids.size).toBe(5);
  });
});
