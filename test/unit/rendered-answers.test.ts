import { describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { builtFrom, RenderedAnswers } from '../../src/graphql/rendered-answers.js';
import type { AnswerRequest, PageRead } from '../../src/graphql/rendered-answers.js';
import type { DownloadsQuery } from '../../src/getty/query.js';
import type { DownloadsPage } from '../../src/getty/records.js';

const query = (page: number): DownloadsQuery => ({ page, pageSize: 20, from: undefined, to: undefined, productType: undefined, companyDownloads: false });
const page = (count: number): DownloadsPage => ({ result_count: count, downloads: [] });
const request = (overrides: Partial<AnswerRequest> = {}): AnswerRequest => ({
  queryHash: 'q1',
  operationName: 'Page',
  variables: { first: 20 },
  acceptLanguage: 'en-GB',
  today: '2026-12-01',
  ...overrides,
});
const reads = (accessToken: string, ...pages: DownloadsPage[]): PageRead[] => pages.map((read, index) => ({ accessToken, query: query(index + 1), page: read }));
const answers = () => new RenderedAnswers({ maxEntries: 10, maxBytes: 1_000_000 });

describe('remembered answers', () => {
  it('holds only while the pages read again are the very objects it was built from', () => {
    const store = answers();
    const key = RenderedAnswers.operationKey(request());
    const [one, two] = [page(1), page(2)];
    const data = { downloads: { totalCount: 1 } };
    store.remember(key, reads('token-a', one, two), data);
    const answer = store.lookup(key, 'token-a');
    expect(answer?.queries).toEqual([query(1), query(2)]);
    expect(answer?.data).toBe(data);
    expect(builtFrom(answer!, [one, two])).toBe(true);
    expect(builtFrom(answer!, [one, page(2)])).toBe(false);
    expect(builtFrom(answer!, [two, one])).toBe(false);
    expect(builtFrom(answer!, [one])).toBe(false);
  });

  it("keeps each credential's answer apart, under a digest rather than the token", () => {
    const store = answers();
    const key = RenderedAnswers.operationKey(request());
    store.remember(key, reads('token-a', page(1)), { who: 'a' });
    expect(store.lookup(key, 'token-b')).toBeUndefined();
    store.remember(key, reads('token-b', page(1)), { who: 'b' });
    expect(store.lookup(key, 'token-a')?.data).toEqual({ who: 'a' });
    expect(store.lookup(key, 'token-b')?.data).toEqual({ who: 'b' });
    expect(store.readsPages(key)).toBe(true);
    expect(store.readsPages(RenderedAnswers.operationKey(request({ queryHash: 'q2' })))).toBe(false);
  });

  it('tells operations apart by document, operation, variables, language and day', () => {
    const keys = [
      request(),
      request({ queryHash: 'q2' }),
      request({ operationName: undefined }),
      request({ variables: { first: 21 } }),
      request({ acceptLanguage: undefined }),
      request({ today: '2026-12-02' }),
    ].map((each) => RenderedAnswers.operationKey(each));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps nothing built with two tokens (a replaced service-account token), nothing without pages, nothing with huge variables', () => {
    const store = answers();
    const key = RenderedAnswers.operationKey(request());
    store.remember(key, [...reads('old', page(1)), ...reads('new', page(2))], {});
    expect(store.lookup(key, 'old')).toBeUndefined();
    expect(store.lookup(key, 'new')).toBeUndefined();
    store.remember(key, [], {});
    expect(store.readsPages(key)).toBe(false);
    const huge = RenderedAnswers.operationKey(request({ variables: { filler: 'x'.repeat(5_000) } }));
    store.remember(huge, reads('token-a', page(1)), {});
    expect(store.lookup(huge, 'token-a')).toBeUndefined();
  });

  it('renders a remembered answer once and gives that text for it; anything else is rendered as Apollo would', () => {
    const store = answers();
    const key = RenderedAnswers.operationKey(request());
    const data = { downloads: { totalCount: 3 } };
    store.remember(key, reads('token-a', page(3)), data);
    const text = store.stringify({ data });
    expect(text).toBe('{"data":{"downloads":{"totalCount":3}}}\n');
    data.downloads.totalCount = 4;
    expect(store.stringify({ data })).toBe(text);
    expect(store.stringify({ data: { downloads: { totalCount: 4 } } })).toBe('{"data":{"downloads":{"totalCount":4}}}\n');
    const withExtensions = { data, extensions: { stale: true } };
    expect(store.stringify(withExtensions)).toBe(`${JSON.stringify(withExtensions)}\n`);
    const failed = { errors: [{ message: 'no' }], data: null };
    expect(store.stringify(failed)).toBe(`${JSON.stringify(failed)}\n`);
  });

  it('is bounded: the least recently used answer goes first', () => {
    const store = new RenderedAnswers({ maxEntries: 2, maxBytes: 1_000_000 });
    const keys = ['a', 'b', 'c'].map((hash) => RenderedAnswers.operationKey(request({ queryHash: hash })));
    for (const key of keys) store.remember(key, reads('token-a', page(1)), {});
    expect(store.lookup(keys[0]!, 'token-a')).toBeUndefined();
    expect(store.lookup(keys[2]!, 'token-a')).toBeDefined();
    const small = new RenderedAnswers({ maxEntries: 100, maxBytes: 2_000 });
    for (const key of keys) small.remember(key, reads('token-a', page(1)), { filler: 'y'.repeat(200) });
    expect(small.lookup(keys[0]!, 'token-a')).toBeUndefined();
    expect(small.lookup(keys[2]!, 'token-a')).toBeDefined();
  });

  it("assumes every root field's answer comes from Getty pages alone: a new root field must be checked against it", () => {
    // An answer is recalled when the pages it read are unchanged; a root field reading anything
    // else (a session, the clock) would need that read recorded too before it joins this list.
    const schema = buildSchema(loadTypeDefs().join('\n'));
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(['downloads']);
    expect(schema.getMutationType()).toBeUndefined();
  });
});
