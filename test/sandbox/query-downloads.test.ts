import { describe, expect, it } from '@jest/globals';
import { buildDataset, queryDownloads, type SandboxDownload } from '../../src/sandbox/index.js';
import { NOW } from './http.js';

const dataset = buildDataset({ today: NOW });
const day = (d: SandboxDownload): string => d.date_downloaded.slice(0, 10);

describe('queryDownloads', () => {
  it("returns only the caller's own downloads unless company is set", () => {
    const own = queryDownloads(dataset, { username: 'bob.k', company: false });
    expect(own.length).toBe(dataset.downloads.filter((d) => d.ownerUsername === 'bob.k').length);
    expect(new Set(own.map((d) => d.ownerUsername))).toEqual(new Set(['bob.k']));
  });

  it("returns every user of the caller's account for company queries", () => {
    const company = queryDownloads(dataset, { username: 'bob.k', company: true });
    expect(new Set(company.map((d) => d.ownerUsername))).toEqual(new Set(['alice.w', 'bob.k', 'carol.m', 'ingest.bot']));
    expect(company.length).toBe(dataset.downloads.filter((d) => d.accountId === 'acct-acme-media').length);
  });

  it('keeps both date bounds inclusive', () => {
    const result = queryDownloads(dataset, { username: 'alice.w', company: true, from: '2026-03-01', to: '2026-03-03' });
    const brute = dataset.downloads.filter((d) => d.accountId === 'acct-acme-media' && day(d) >= '2026-03-01' && day(d) <= '2026-03-03');
    expect(result).toEqual(brute);
    expect(new Set(result.map(day))).toEqual(new Set(['2026-03-01', '2026-03-02', '2026-03-03']));
    const single = queryDownloads(dataset, { username: 'alice.w', company: true, from: '2026-03-02', to: '2026-03-02' });
    expect(single.length).toBe(result.filter((d) => day(d) === '2026-03-02').length);
    expect(single.length).toBeGreaterThan(0);
  });

  it('treats a missing bound as open', () => {
    const upTo = queryDownloads(dataset, { username: 'carol.m', company: false, to: '2025-12-31' });
    expect(upTo.length).toBe(dataset.downloads.filter((d) => d.ownerUsername === 'carol.m' && day(d) <= '2025-12-31').length);
    const since = queryDownloads(dataset, { username: 'carol.m', company: false, from: '2026-05-01' });
    expect(since.length).toBe(dataset.downloads.filter((d) => d.ownerUsername === 'carol.m' && day(d) >= '2026-05-01').length);
  });

  it('filters by product type', () => {
    const result = queryDownloads(dataset, { username: 'alice.w', company: true, productType: 'aigen' });
    expect(result.length).toBe(dataset.downloads.filter((d) => d.product_type === 'aigen' && d.accountId === 'acct-acme-media').length);
    expect(new Set(result.map((d) => d.product_type))).toEqual(new Set(['aigen']));
  });

  it('gives the default 30-day window well over 100 company items and dozens per user', () => {
    const window = { from: '2026-04-15', to: '2026-05-15' };
    expect(queryDownloads(dataset, { username: 'alice.w', company: true, ...window }).length).toBeGreaterThan(300);
    for (const username of ['alice.w', 'bob.k', 'carol.m', 'ingest.bot']) {
      expect(queryDownloads(dataset, { username, company: false, ...window }).length).toBeGreaterThan(36);
    }
  });

  it('keeps newest first and returns nothing for unknown users', () => {
    const dates = queryDownloads(dataset, { username: 'sam.solo', company: false }).map((d) => d.date_downloaded);
    expect(dates.length).toBe(150);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(queryDownloads(dataset, { username: 'nobody', company: true })).toEqual([]);
  });
});
