import { describe, expect, it, jest } from '@jest/globals';
import { buildSchema } from 'graphql';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { RenderedAnswers } from '../../src/graphql/rendered-answers.js';
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
const answers = (keepAnswers = true) => new RenderedAnswers({ maxEntries: 10, maxBytes: 1_000_000, keepAnswers });
const OPERATION = RenderedAnswers.operationKey(request());
const keyOf = (accessToken: string, operationKey = OPERATION) => RenderedAnswers.answerKey(operationKey, accessToken);
const pagesOf = (list: PageRead[]) => list.map((read) => read.page);

describe('remembered answers', () => {
  it('are recalled only for the very page objects they were built from, in the same order', () => {
    const store = answers();
    const [one, two] = [page(1), page(2)];
    const data = { downloads: { totalCount: 1 } };
    store.remember(OPERATION, reads('token-a', one, two), data);
    expect(store.plan(keyOf('token-a'))).toEqual([query(1), query(2)]);
    expect(store.recall(keyOf('token-a'), [one, two])).toBe(data);
    expect(store.recall(keyOf('token-a'), [one, page(2)])).toBeUndefined();
    expect(store.recall(keyOf('token-a'), [two, one])).toBeUndefined();
    expect(store.recall(keyOf('token-a'), [one])).toBeUndefined();
  });

  it('without keepAnswers, remember which pages were read but never the answer', () => {
    const store = answers(false);
    const one = page(1);
    store.remember(OPERATION, reads('token-a', one), { downloads: {} });
    expect(store.plan(keyOf('token-a'))).toEqual([query(1)]);
    expect(store.recall(keyOf('token-a'), [one])).toBeUndefined();
    expect(store.readsPages(OPERATION)).toBe(true);
  });

  it("keeps each credential's answer apart, under a digest rather than the token", () => {
    const store = answers();
    const [a, b] = [page(1), page(1)];
    store.remember(OPERATION, reads('token-a', a), { who: 'a' });
    expect(store.plan(keyOf('token-b'))).toBeUndefined();
    expect(store.recall(keyOf('token-b'), [a])).toBeUndefined();
    store.remember(OPERATION, reads('token-b', b), { who: 'b' });
    expect(store.recall(keyOf('token-a'), [a])).toEqual({ who: 'a' });
    expect(store.recall(keyOf('token-b'), [b])).toEqual({ who: 'b' });
    expect(keyOf('token-a')).not.toContain('token-a');
    expect(keyOf('token-a')).not.toBe(keyOf('token-b'));
    expect(store.readsPages(OPERATION)).toBe(true);
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
    store.remember(OPERATION, [...reads('old', page(1)), ...reads('new', page(2))], {});
    expect(store.plan(keyOf('old'))).toBeUndefined();
    expect(store.plan(keyOf('new'))).toBeUndefined();
    store.remember(OPERATION, [], {});
    expect(store.readsPages(OPERATION)).toBe(false);
    const huge = RenderedAnswers.operationKey(request({ variables: { filler: 'x'.repeat(5_000) } }));
    store.remember(huge, reads('token-a', page(1)), {});
    expect(store.plan(keyOf('token-a', huge))).toBeUndefined();
    expect(store.readsPages(huge)).toBe(false);
  });

  it('renders a remembered answer once and gives that text for it; anything else is rendered as Apollo would', () => {
    const store = answers();
    const data = { downloads: { totalCount: 3 } };
    store.remember(OPERATION, reads('token-a', page(3)), data);
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

  it('is bounded: the least recently used answer goes first, by count and by size', () => {
    const store = new RenderedAnswers({ maxEntries: 2, maxBytes: 1_000_000, keepAnswers: true });
    const keys = ['a', 'b', 'c'].map((hash) => RenderedAnswers.operationKey(request({ queryHash: hash })));
    const held = keys.map(() => page(1));
    keys.forEach((key, index) => store.remember(key, reads('token-a', held[index]!), {}));
    expect(store.recall(keyOf('token-a', keys[0]), [held[0]!])).toBeUndefined();
    expect(store.plan(keyOf('token-a', keys[0]))).toBeUndefined();
    expect(store.recall(keyOf('token-a', keys[2]), [held[2]!])).toBeDefined();
    const small = new RenderedAnswers({ maxEntries: 100, maxBytes: 2_000, keepAnswers: true });
    keys.forEach((key, index) => small.remember(key, reads('token-a', held[index]!), { filler: 'y'.repeat(200) }));
    expect(small.recall(keyOf('token-a', keys[0]), [held[0]!])).toBeUndefined();
    expect(small.recall(keyOf('token-a', keys[2]), [held[2]!])).toBeDefined();
  });

  it("assumes every root field's answer comes from Getty pages alone: a new root field must be checked against it", () => {
    // An answer is shared when the pages it read are the same; a root field reading anything
    // else (a session, the clock) would need that read recorded too before it joins this list.
    const schema = buildSchema(loadTypeDefs().join('\n'));
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual(['downloads']);
    expect(schema.getMutationType()).toBeUndefined();
  });
});

describe('answers in the making', () => {
  const claimOf = (store: RenderedAnswers, list: PageRead[], token = 'token-a') => {
    const claim = store.claim(OPERATION, keyOf(token), list);
    if (claim === undefined) throw new Error('expected a claim');
    return claim;
  };
  const building = (store: RenderedAnswers, token = 'token-a') => {
    const rendering = store.inMaking(keyOf(token));
    if (rendering === undefined) throw new Error('expected an answer in the making');
    return rendering;
  };

  it('are built by the request that claims them and shared with those that read the very same pages', async () => {
    const store = answers(false);
    const live: PageRead[] = [];
    const claim = claimOf(store, live);
    expect(store.claim(OPERATION, keyOf('token-a'), [])).toBeUndefined();
    const read = reads('token-a', page(1), page(2));
    live.push(...read);
    const same = store.join(building(store), pagesOf(read));
    const other = store.join(building(store), [read[0]!.page, page(2)]);
    const fewer = store.join(building(store), [read[0]!.page]);
    const data = { downloads: { totalCount: 2 } };
    claim.finish(live, data);
    await expect(same).resolves.toBe(data);
    await expect(other).resolves.toBeUndefined();
    await expect(fewer).resolves.toBeUndefined();
    expect(store.stringify({ data })).toBe('{"data":{"downloads":{"totalCount":2}}}\n');
    expect(store.plan(keyOf('token-a'))).toEqual([query(1), query(2)]);
    expect(store.inMaking(keyOf('token-a'))).toBeUndefined();
    claimOf(store, []);
  });

  it('are not shared when the builder failed, and what it read is still what the next request reads first', async () => {
    const store = answers(false);
    const read = reads('token-a', page(1));
    const claim = claimOf(store, read);
    const waiting = store.join(building(store), pagesOf(read));
    claim.finish(read, undefined);
    await expect(waiting).resolves.toBeUndefined();
    expect(store.plan(keyOf('token-a'))).toBeUndefined();
  });

  it('say which first page an answer was begun from, remembered or in the making', () => {
    const store = answers();
    const [one, two, three] = [page(1), page(2), page(3)];
    expect(store.begunFrom(keyOf('token-a'), one)).toBe(false);
    store.remember(OPERATION, reads('token-a', one, two), {});
    expect(store.begunFrom(keyOf('token-a'), one)).toBe(true);
    expect(store.begunFrom(keyOf('token-a'), two)).toBe(false);
    expect(store.begunFrom(keyOf('token-b'), one)).toBe(false);
    const live: PageRead[] = [];
    claimOf(store, live, 'token-b');
    expect(store.begunFrom(keyOf('token-b'), three)).toBe(false);
    live.push(...reads('token-b', three));
    expect(store.begunFrom(keyOf('token-b'), three)).toBe(true);
  });

  it("are one customer's: another credential builds its own", () => {
    const store = answers(false);
    claimOf(store, [], 'token-a');
    claimOf(store, [], 'token-b');
    expect(store.inMaking(keyOf('token-c'))).toBeUndefined();
  });

  it('stop being waited for when the builder never finishes', async () => {
    jest.useFakeTimers();
    try {
      const store = answers(false);
      const read = reads('token-a', page(1));
      claimOf(store, read);
      const waiting = store.join(building(store), pagesOf(read));
      jest.advanceTimersByTime(29_999);
      expect(store.inMaking(keyOf('token-a'))).toBeDefined();
      jest.advanceTimersByTime(1);
      await expect(waiting).resolves.toBeUndefined();
      expect(store.inMaking(keyOf('token-a'))).toBeUndefined();
      claimOf(store, read);
    } finally {
      jest.useRealTimers();
    }
  });
});
