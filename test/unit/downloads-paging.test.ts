import { describe, expect, it } from '@jest/globals';
import { pageIndexAfter, pageVariables, rangeText } from '../../web/downloads/paging.js';
import type { Filters } from '../../web/downloads/paging.js';

const NONE: Filters = { from: '', to: '', productType: null, companyDownloads: false };
const format = (n: number) => n.toLocaleString('en-US');

describe("the downloads browser's paging", () => {
  it("leaves unset filters out, so the schema's defaults apply", () => {
    expect(pageVariables(NONE, { kind: 'first' }, 24)).toEqual({ first: 24 });
  });

  it('sends the filters that are set, with each half of the date range on its own', () => {
    expect(pageVariables({ from: '2026-03-01', to: '', productType: 'EASY_ACCESS', companyDownloads: true }, { kind: 'first' }, 24)).toEqual({
      first: 24,
      dateRange: { from: '2026-03-01' },
      productType: 'EASY_ACCESS',
      companyDownloads: true,
    });
    expect(pageVariables({ ...NONE, to: '2026-03-31' }, { kind: 'first' }, 10)).toEqual({ first: 10, dateRange: { to: '2026-03-31' } });
  });

  it('pages forward with first/after and backward with last/before, keeping the filters', () => {
    const filters: Filters = { ...NONE, productType: 'IMAGE_PACK' };
    expect(pageVariables(filters, { kind: 'next', after: 'c2' }, 24)).toEqual({ first: 24, after: 'c2', productType: 'IMAGE_PACK' });
    expect(pageVariables(filters, { kind: 'previous', before: 'c1' }, 24)).toEqual({ last: 24, before: 'c1', productType: 'IMAGE_PACK' });
  });

  it('counts pages so that "Showing" ranges stay aligned both ways', () => {
    expect(pageIndexAfter(3, { kind: 'first' })).toBe(0);
    expect(pageIndexAfter(3, { kind: 'next', after: 'x' })).toBe(4);
    expect(pageIndexAfter(3, { kind: 'previous', before: 'x' })).toBe(2);
    expect(pageIndexAfter(0, { kind: 'previous', before: 'x' })).toBe(0);
  });

  it('describes the page on screen', () => {
    expect(rangeText(0, 24, 24, 2000, format)).toBe('Showing 1–24 of 2,000 downloads');
    expect(rangeText(83, 24, 8, 2000, format)).toBe('Showing 1,993–2,000 of 2,000 downloads');
    expect(rangeText(0, 24, 1, 1, format)).toBe('Showing 1–1 of 1 download');
    expect(rangeText(0, 24, 0, 0, format)).toBe('No downloads match these filters.');
  });
});
