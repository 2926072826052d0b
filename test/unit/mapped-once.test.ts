import { describe, expect, it } from '@jest/globals';
import { toDownloadsOnce } from '../../src/domain/downloads/mapped-once.js';
import { toDownload } from '../../src/domain/downloads/mapping.js';
import type { DownloadRecord } from '../../src/getty/records.js';

const record = (overrides: Partial<DownloadRecord> = {}): DownloadRecord => ({
  id: '1167612765',
  asset_type: 'image',
  date_downloaded: '2026-05-01T10:21:07.1230000',
  product_id: 8421,
  user: { username: 'alice.w', first_name: 'Alice', middle_name: null, last_name: 'Wong' },
  ...overrides,
});

const ignore = () => undefined;

describe('pages mapped once', () => {
  it('maps a page once and hands the same models to every later request for that page', () => {
    const page = [record(), record({ id: '2' })];
    const first = toDownloadsOnce(page, ignore);
    expect(first).toEqual(page.map((entry) => toDownload(entry, ignore)));
    const again = toDownloadsOnce(page, ignore);
    expect(again).toBe(first);
    expect(again[1]).toBe(first[1]);
  });

  it('maps an equal page that is another array (another upstream answer) anew', () => {
    const models = toDownloadsOnce([record()], ignore);
    const other = toDownloadsOnce([record()], ignore);
    expect(other).toEqual(models);
    expect(other[0]).not.toBe(models[0]);
  });

  it('reports an unknown value when the page is first mapped', () => {
    const reported: string[] = [];
    const page = [record({ asset_type: 'hologram' })];
    toDownloadsOnce(page, (field, value) => reported.push(`${field}=${value}`));
    toDownloadsOnce(page, (field, value) => reported.push(`again ${field}=${value}`));
    expect(reported).toEqual(['assetType=hologram']);
  });

  it('does not keep a page whose mapping failed: it fails again', () => {
    const broken = [record(), record({ date_downloaded: 'yesterday' })];
    expect(() => toDownloadsOnce(broken, ignore)).toThrow();
    expect(() => toDownloadsOnce(broken, ignore)).toThrow();
  });
});
