import { describe, expect, it } from '@jest/globals';
import { buildDataset, SANDBOX_PRODUCT_TYPES, type SandboxDownload } from '../../src/sandbox/index.js';
import { NOW, TODAY } from './http.js';

const dataset = buildDataset({ today: NOW });
const acme = dataset.downloads.filter((d) => d.accountId === 'acct-acme-media');
const solo = dataset.downloads.filter((d) => d.accountId === 'acct-solo-studio');
const NET_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/;

function day(download: SandboxDownload): string {
  return download.date_downloaded.slice(0, 10);
}

describe('buildDataset', () => {
  it('has the two accounts, Acme enabled for company downloads and Solo not', () => {
    expect(dataset.accounts.map((a) => [a.name, a.companyDownloadsEnabled])).toEqual([
      ['Acme Media', true],
      ['Solo Studio', false],
    ]);
    expect(dataset.users.filter((u) => u.accountId === 'acct-acme-media').map((u) => u.username)).toEqual(['alice.w', 'bob.k', 'carol.m', 'ingest.bot']);
    expect(dataset.users.filter((u) => u.accountId === 'acct-solo-studio').map((u) => u.username)).toEqual(['sam.solo']);
  });

  it('holds at least 1,500 Acme downloads and 100..200 Solo downloads', () => {
    expect(acme.length).toBeGreaterThanOrEqual(1500);
    expect(solo.length).toBeGreaterThanOrEqual(100);
    expect(solo.length).toBeLessThanOrEqual(200);
    expect(acme.length + solo.length).toBe(dataset.downloads.length);
  });

  it('spreads Acme over the last 12 months with a busy default window', () => {
    const windowStart = '2026-04-15';
    const inWindow = acme.filter((d) => day(d) >= windowStart);
    expect(inWindow.length).toBeGreaterThan(300);
    for (const username of ['alice.w', 'bob.k', 'carol.m', 'ingest.bot']) {
      expect(inWindow.filter((d) => d.ownerUsername === username).length).toBeGreaterThanOrEqual(40);
    }
    const days = acme.map(day).sort();
    expect(days[0]! >= '2025-05-15').toBe(true);
    expect(days[0]! < '2025-07-01').toBe(true);
    expect(days[days.length - 1]).toBe(TODAY);
  });

  it('dates every download in .NET form, newest first, never after now', () => {
    const nowNet = '2026-05-15T12:00:00.0000000';
    expect(dataset.downloads.filter((d) => !NET_DATE.test(d.date_downloaded))).toEqual([]);
    expect(dataset.downloads.filter((d) => d.date_downloaded > nowNet)).toEqual([]);
    const dates = dataset.downloads.map((d) => d.date_downloaded);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('covers every product type and both asset types, mostly images', () => {
    expect(new Set(acme.map((d) => d.product_type))).toEqual(new Set(SANDBOX_PRODUCT_TYPES));
    const videos = acme.filter((d) => d.asset_type === 'video').length;
    const images = acme.filter((d) => d.asset_type === 'image').length;
    expect(videos).toBeGreaterThan(50);
    expect(images).toBeGreaterThan(videos * 4);
    expect(acme.filter((d) => d.product_type === 'aigen').every((d) => typeof d.generated_asset_id === 'string')).toBe(true);
  });

  it('contains re-downloaded assets but never the same (asset, date, user) twice', () => {
    const perAsset = new Map<string, SandboxDownload[]>();
    for (const d of dataset.downloads) perAsset.set(d.id, [...(perAsset.get(d.id) ?? []), d]);
    const repeated = [...perAsset.values()].filter((list) => list.length > 1);
    expect(repeated.length).toBeGreaterThan(50);
    expect(repeated.some((list) => new Set(list.map((d) => d.ownerUsername)).size > 1)).toBe(true);
    const triples = new Set(dataset.downloads.map((d) => `${d.id}|${d.date_downloaded}|${d.ownerUsername}`));
    expect(triples.size).toBe(dataset.downloads.length);
  });

  it('leaves optional fields null or absent on some records', () => {
    const count = (test: (d: SandboxDownload) => boolean): number => dataset.downloads.filter(test).length;
    expect(count((d) => d.generated_asset_id === null)).toBeGreaterThan(1000);
    expect(count((d) => !('generated_asset_id' in d))).toBeGreaterThan(100);
    expect(count((d) => d.download_details === null)).toBeGreaterThan(100);
    expect(count((d) => d.asset_type === 'video' && d.dimensions === null)).toBeGreaterThan(10);
    expect(count((d) => d.dimensions !== null && d.asset_type === 'image' && !('dpi' in d.dimensions))).toBeGreaterThan(10);
    expect(count((d) => d.thumb_path === null)).toBeGreaterThan(5);
    expect(count((d) => d.user.first_name === null && d.user.last_name === null)).toBeGreaterThan(100);
    expect(count((d) => d.user.middle_name === 'Anne')).toBeGreaterThan(100);
    expect(count((d) => d.agreement_name === null)).toBeGreaterThan(10);
  });

  it('stores a thumbnail path, not a URL', () => {
    const first = dataset.downloads.find((d) => d.thumb_path !== null);
    expect(first?.thumb_path).toBe(`/thumbs/${first?.id}.svg`);
  });

  it('is deterministic for the same seed and day, and differs for another seed', () => {
    // Comparing serialized forms: far faster than a deep toEqual over 2,000 records, and as strict.
    expect(JSON.stringify(buildDataset({ today: NOW }))).toBe(JSON.stringify(dataset));
    expect(JSON.stringify(buildDataset({ today: NOW, seed: 99 }))).toBe(JSON.stringify(buildDataset({ today: NOW, seed: 99 })));
    expect(buildDataset({ today: NOW, seed: 99 }).downloads[0]).not.toEqual(dataset.downloads[0]);
  });

  it("places today's downloads before the current time of day when built early in the day", () => {
    const early = new Date('2026-05-15T00:00:00.500Z');
    const data = buildDataset({ today: early });
    expect(data.downloads[0]!.date_downloaded < '2026-05-15T00:00:00.5000000').toBe(true);
  });
});
