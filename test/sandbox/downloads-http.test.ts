import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildDataset, queryDownloads, startSandbox, toGettyRecord, type SandboxDownloadsFilter, type Sandbox } from '../../src/sandbox/index.js';
import { getDownloads, NOW, parseJson, parsePage, TODAY } from './http.js';

const dataset = buildDataset({ today: NOW });
let sandbox: Sandbox;

beforeAll(async () => {
  // The clock stands still here, so a QPS limit would refuse all but the first calls; qps-and-stats.test.ts tests it.
  sandbox = await startSandbox({ now: () => NOW, dataset, qpsLimit: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

function expected(filter: SandboxDownloadsFilter): string[] {
  return queryDownloads(dataset, filter).map((d) => `${d.id}|${d.date_downloaded}`);
}

function keys(page: ReturnType<typeof parsePage>): string[] {
  return page.downloads.map((d) => `${d.id}|${d.date_downloaded}`);
}

const defaultWindow = { from: '2026-04-15', to: TODAY };

describe('GET /v3/downloads answers', () => {
  it("the first page of the caller's last 30 days, newest first, in Getty's record shape", async () => {
    const answer = await getDownloads(sandbox);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const page = parsePage(answer);
    const all = queryDownloads(dataset, { username: 'alice.w', company: false, ...defaultWindow });
    expect(page.result_count).toBe(all.length);
    expect(page.result_count).toBeGreaterThan(100);
    // Round-tripped through JSON so absent keys must be absent, not undefined.
    const wire = JSON.parse(JSON.stringify(all.slice(0, 30).map((d) => toGettyRecord(d, sandbox.url)))) as unknown;
    expect(page.downloads).toStrictEqual(wire);
    expect(page.downloads[0]!.user).toEqual({ username: 'alice.w', first_name: 'Alice', middle_name: null, last_name: 'Wong' });
    expect(Object.keys(page.downloads[0]!)).not.toContain('ownerUsername');
  });

  it('renders thumb_uri from the sandbox URL and date_downloaded without a zone', async () => {
    const page = parsePage(await getDownloads(sandbox, { page_size: '100' }));
    const withThumb = page.downloads.find((d) => d.thumb_uri !== null)!;
    expect(withThumb.thumb_uri).toBe(`${sandbox.url}/thumbs/${withThumb.id}.svg`);
    expect(withThumb.date_downloaded).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
  });

  it('pages consistently with queryDownloads across the whole company result', async () => {
    const want = expected({ username: 'alice.w', company: true, ...defaultWindow });
    const pages = Math.ceil(want.length / 100);
    const got: string[] = [];
    for (let page = 1; page <= pages; page += 1) {
      const body = parsePage(await getDownloads(sandbox, { company_downloads: 'true', page: String(page), page_size: '100' }));
      expect(body.result_count).toBe(want.length);
      got.push(...keys(body));
    }
    expect(got).toEqual(want);
  });

  it('serves a middle page of the default size', async () => {
    const want = expected({ username: 'bob.k', company: false, ...defaultWindow });
    const body = parsePage(await getDownloads(sandbox, { page: '3' }, { token: 'sandbox-bob' }));
    expect(keys(body)).toEqual(want.slice(60, 90));
  });

  it('filters by product type, accepting it case-insensitively', async () => {
    const want = expected({ username: 'alice.w', company: true, ...defaultWindow, productType: 'easyaccess' });
    const body = parsePage(await getDownloads(sandbox, { product_type: 'EasyAccess', company_downloads: 'true', page_size: '100' }));
    expect(body.result_count).toBe(want.length);
    expect(keys(body)).toEqual(want.slice(0, 100));
    expect(new Set(body.downloads.map((d) => d.product_type))).toEqual(new Set(['easyaccess']));
  });

  it('applies inclusive explicit dates', async () => {
    const body = parsePage(await getDownloads(sandbox, { start_date: '2026-01-10', end_date: '2026-01-12', company_downloads: 'true', page_size: '100' }));
    const want = expected({ username: 'alice.w', company: true, from: '2026-01-10', to: '2026-01-12' });
    expect(keys(body)).toEqual(want);
    expect(new Set(body.downloads.map((d) => d.date_downloaded.slice(0, 10)))).toEqual(new Set(['2026-01-10', '2026-01-11', '2026-01-12']));
  });

  it('derives the end as 30 days after a lone start date, capped at today', async () => {
    const early = parsePage(await getDownloads(sandbox, { start_date: '2026-01-01', company_downloads: 'true' }));
    expect(early.result_count).toBe(expected({ username: 'alice.w', company: true, from: '2026-01-01', to: '2026-01-31' }).length);
    const late = parsePage(await getDownloads(sandbox, { start_date: '2026-05-01', company_downloads: 'true' }));
    expect(late.result_count).toBe(expected({ username: 'alice.w', company: true, from: '2026-05-01', to: TODAY }).length);
  });

  it('has no lower bound with a lone end date', async () => {
    const body = parsePage(await getDownloads(sandbox, { end_date: '2026-03-01' }));
    const want = expected({ username: 'alice.w', company: false, to: '2026-03-01' });
    expect(body.result_count).toBe(want.length);
    expect(want.length).toBeGreaterThan(expected({ username: 'alice.w', company: false, from: '2026-01-30', to: '2026-03-01' }).length);
  });

  it('answers an empty page 1 with result_count 0', async () => {
    const answer = await getDownloads(sandbox, { start_date: '2001-01-01', end_date: '2001-01-31' });
    expect(answer.status).toBe(200);
    expect(parseJson(answer)).toEqual({ result_count: 0, downloads: [] });
  });

  it('answers a page past the end with 400 InvalidPage', async () => {
    const total = expected({ username: 'alice.w', company: false, ...defaultWindow }).length;
    const lastPage = Math.ceil(total / 50);
    const ok = await getDownloads(sandbox, { page: String(lastPage), page_size: '50' });
    expect(parsePage(ok).downloads.length).toBe(total - (lastPage - 1) * 50);
    const answer = await getDownloads(sandbox, { page: String(lastPage + 1), page_size: '50' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/vnd.getty.error+json');
    expect(parseJson(answer)).toEqual({
      ErrorCode: 'InvalidPage',
      ErrorMessage: `page must be less than or equal to ${lastPage}, results count ${total}`,
    });
  });

  it("answers Solo's own downloads but forbids its company downloads", async () => {
    const own = await getDownloads(sandbox, {}, { token: 'sandbox-sam' });
    expect(parsePage(own).result_count).toBe(expected({ username: 'sam.solo', company: false, ...defaultWindow }).length);
    const company = await getDownloads(sandbox, { company_downloads: 'true' }, { token: 'sandbox-sam' });
    expect(company.status).toBe(403);
    expect(parseJson(company)).toEqual({ message: 'Forbidden' });
  });
});

describe('GET /v3/downloads rejects', () => {
  it('a missing or wrong Api-Key with 401 and no token challenge', async () => {
    for (const apiKey of [null, 'not-the-key']) {
      const answer = await getDownloads(sandbox, {}, { apiKey });
      expect(answer.status).toBe(401);
      expect(parseJson(answer)).toEqual({ message: 'Unauthorized' });
      expect(answer.headers.get('www-authenticate')).toBeNull();
    }
  });

  it('reads the Api-Key header case-insensitively', async () => {
    const answer = await getDownloads(sandbox, {}, { apiKey: null, headers: { 'API-KEY': sandbox.apiKey } });
    expect(answer.status).toBe(200);
  });

  it('a missing or unknown bearer token with 401 and WWW-Authenticate', async () => {
    for (const token of [null, 'no-such-token']) {
      const answer = await getDownloads(sandbox, {}, { token });
      expect(answer.status).toBe(401);
      expect(parseJson(answer)).toEqual({ message: 'Unauthorized' });
      expect(answer.headers.get('www-authenticate')).toBe(
        'Bearer realm="Download",error="invalid_token",error_description="The access token is missing, invalid or expired"',
      );
    }
  });

  it('unknown parameters, the other date style and use_time with 400 UnrecognizedParameter', async () => {
    const unrecognized: Array<Record<string, string>> = [{ foo: '1' }, { date_from: '2026-05-01' }, { use_time: 'true' }];
    for (const query of unrecognized) {
      const answer = await getDownloads(sandbox, query);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/vnd.getty.error+json');
      const body = parseJson(answer) as { ErrorCode: string; ErrorMessage: string };
      expect(body.ErrorCode).toBe('UnrecognizedParameter');
      expect(body.ErrorMessage).toContain(Object.keys(query)[0]);
    }
  });

  it('invalid values with 400 InvalidParameterValue', async () => {
    const invalid: Array<Record<string, string>> = [
      { page: '0' },
      { page: 'two' },
      { page_size: '0' },
      { page_size: '101' },
      { product_type: 'photos' },
      { company_downloads: 'yes' },
      { start_date: '2026-02-30' },
      { end_date: '15/05/2026' },
      { start_date: '2026-05-10', end_date: '2026-05-01' },
    ];
    for (const query of invalid) {
      const answer = await getDownloads(sandbox, query);
      expect([query, answer.status]).toEqual([query, 400]);
      expect([query, (parseJson(answer) as { ErrorCode: string }).ErrorCode]).toEqual([query, 'InvalidParameterValue']);
    }
  });

  it('other methods with 405 and unknown paths with 404', async () => {
    const post = await fetch(`${sandbox.url}/v3/downloads`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const missing = await fetch(`${sandbox.url}/v3/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: 'Not Found' });
  });
});

describe('date_from/date_to style', () => {
  let fromTo: Sandbox;
  beforeAll(async () => {
    fromTo = await startSandbox({ now: () => NOW, dataset, qpsLimit: 0, dateParams: 'from_to', thumbnailBaseUrl: 'https://cdn.example.test/' });
  });
  afterAll(async () => {
    await fromTo.close();
  });

  it('accepts date_from/date_to and rejects start_date', async () => {
    expect(fromTo.dateParams).toBe('from_to');
    const body = parsePage(await getDownloads(fromTo, { date_from: '2026-02-01', date_to: '2026-02-03' }));
    expect(keys(body)).toEqual(expected({ username: 'alice.w', company: false, from: '2026-02-01', to: '2026-02-03' }));
    const wrong = await getDownloads(fromTo, { start_date: '2026-02-01' });
    expect((parseJson(wrong) as { ErrorCode: string }).ErrorCode).toBe('UnrecognizedParameter');
  });

  it('builds thumb_uri from the configured thumbnail base', async () => {
    const body = parsePage(await getDownloads(fromTo, { page_size: '100' }));
    const withThumb = body.downloads.find((d) => d.thumb_uri !== null)!;
    expect(withThumb.thumb_uri).toBe(`https://cdn.example.test/thumbs/${withThumb.id}.svg`);
  });
});
