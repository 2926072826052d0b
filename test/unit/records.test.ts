import { describe, expect, it } from '@jest/globals';
import { GatewayError } from '../../src/errors.js';
import { parseDownloadsPage } from '../../src/getty/records.js';

const valid = {
  result_count: 698,
  downloads: [
    {
      id: '1167612765',
      asset_type: 'image',
      date_downloaded: '2026-05-01T10:21:07.1230000',
      product_type: 'easyaccess',
      product_id: 8421,
      agreement_name: 'Acme Easy Access 2026',
      thumb_uri: 'https://media.gettyimages.com/id/1167612765/photo/x.jpg?s=170x170',
      size_name: 'xlarge',
      dimensions: { width: 5760, height: 3840, dpi: 300 },
      license_model: 'royaltyfree',
      download_source: 'api',
      generated_asset_id: null,
      download_details: { download_notes: 'Spring campaign', project_code: 'MKT-42' },
      user: { username: 'alice.w', first_name: 'Alice', middle_name: null, last_name: 'Wong' },
    },
    { id: '2', date_downloaded: '2026-05-01T10:21:07', product_id: 1 },
  ],
};

describe('parseDownloadsPage', () => {
  it('accepts the documented body, with optional fields absent or null', () => {
    expect(parseDownloadsPage(valid)).toEqual(valid);
    expect(parseDownloadsPage({ result_count: 0, downloads: [] }).result_count).toBe(0);
  });

  it.each([
    ['not an object', 'nope', /not a JSON object/],
    ['no result_count', { downloads: [] }, /result_count/],
    ['a negative result_count', { result_count: -1, downloads: [] }, /result_count/],
    ['no downloads array', { result_count: 1, downloads: 'x' }, /downloads array/],
    ['an item without id', { result_count: 1, downloads: [{ date_downloaded: '2026-05-01T10:21:07', product_id: 1 }] }, /id is missing/],
    ['a bad date', { result_count: 1, downloads: [{ id: '1', date_downloaded: 'May 1st', product_id: 1 }] }, /date_downloaded/],
    ['a string product_id', { result_count: 1, downloads: [{ id: '1', date_downloaded: '2026-05-01T10:21:07', product_id: '1' }] }, /product_id/],
    ['a numeric size_name', { result_count: 1, downloads: [{ id: '1', date_downloaded: '2026-05-01T10:21:07', product_id: 1, size_name: 3 }] }, /size_name/],
    [
      'a string width',
      { result_count: 1, downloads: [{ id: '1', date_downloaded: '2026-05-01T10:21:07', product_id: 1, dimensions: { width: '5' } }] },
      /dimensions.width/,
    ],
    [
      'a user that is a string',
      { result_count: 1, downloads: [{ id: '1', date_downloaded: '2026-05-01T10:21:07', product_id: 1, user: 'alice' }] },
      /user is not an object/,
    ],
  ])('rejects %s as UPSTREAM_BAD_RESPONSE', (_what, body, message) => {
    let caught: unknown;
    try {
      parseDownloadsPage(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect((caught as GatewayError).message).toMatch(message);
  });
});
