import { describe, expect, it } from '@jest/globals';
import { toUpstreamFilter, validateFilter } from '../../src/domain/downloads/filter.js';
import { downloadsSearch } from '../../src/getty/query.js';

const base = { from: undefined, to: undefined, productType: undefined, companyDownloads: false };

describe('filters going upstream', () => {
  it('sends no dates without a range, so Getty applies its 30-day default', () => {
    expect(toUpstreamFilter(base, '2026-11-26')).toEqual({ ...base });
  });

  it('sends today as the end when only `from` is given, and only `to` when only `to` is', () => {
    expect(toUpstreamFilter({ ...base, from: '2026-01-01' }, '2026-11-26')).toMatchObject({ from: '2026-01-01', to: '2026-11-26' });
    expect(toUpstreamFilter({ ...base, from: '2026-12-01' }, '2026-11-26')).toMatchObject({ from: '2026-12-01', to: '2026-12-01' });
    expect(toUpstreamFilter({ ...base, to: '2026-03-01' }, '2026-11-26')).toMatchObject({ from: undefined, to: '2026-03-01' });
  });

  it('spells product types the Getty way', () => {
    expect(toUpstreamFilter({ ...base, productType: 'AI_GENERATION' }, '2026-11-26').productType).toBe('aigen');
  });

  it('rejects a range that ends before it starts', () => {
    expect(() => validateFilter({ ...base, from: '2026-02-02', to: '2026-02-01' })).toThrow(/dateRange.from \(2026-02-02\) is after/);
    expect(validateFilter({ ...base, from: '2026-02-01', to: '2026-02-01' }).from).toBe('2026-02-01');
  });

  it('writes one date style per run, in a fixed order', () => {
    const query = { page: 2, pageSize: 29, from: '2026-01-01', to: '2026-02-01', productType: 'easyaccess', companyDownloads: true };
    expect(downloadsSearch(query, 'start_end')).toBe('page=2&page_size=29&product_type=easyaccess&company_downloads=true&start_date=2026-01-01&end_date=2026-02-01');
    expect(downloadsSearch(query, 'from_to')).toBe('page=2&page_size=29&product_type=easyaccess&company_downloads=true&date_from=2026-01-01&date_to=2026-02-01');
    expect(downloadsSearch({ ...base, page: 1, pageSize: 1, productType: undefined }, 'from_to')).toBe('page=1&page_size=1');
  });
});
