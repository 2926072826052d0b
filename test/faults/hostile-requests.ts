export interface HostileRequest {
  what: string;
  url: string;
  init: RequestInit;
}

/** As a current client asks: with application/graphql-response+json, a request that fails before execution is a 400. */
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

/** Ten variants of each of twenty kinds of hostile or broken request: 200 in all. */
export function hostileRequests(baseUrl: string): HostileRequest[] {
  const url = `${baseUrl}/graphql`;
  const post = (body: string, headers: Record<string, string> = JSON_HEADERS): RequestInit => ({ method: 'POST', headers, body });
  const query = (text: string, variables?: unknown) => post(JSON.stringify({ query: text, variables }));
  const get = (text: string): Omit<HostileRequest, 'what'> => ({
    url: `${url}?${new URLSearchParams({ query: text }).toString()}`,
    init: { method: 'GET', headers: { 'apollo-require-preflight': 'true' } },
  });
  const kinds: Array<[string, (n: number) => RequestInit | Omit<HostileRequest, 'what'>]> = [
    ['truncated JSON', (n) => post('{"query": "{ downloads { totalCount } }"'.slice(0, 10 + n))],
    ['not JSON at all', (n) => post(`<xml>${'a'.repeat(n)}</xml>`)],
    [
      'wrong content type',
      (n) =>
        post(`query=${n}`, {
          'content-type': ['text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png', 'application/octet-stream'][n % 5]!,
        }),
    ],
    ['oversized body', (n) => query(`{ downloads { totalCount } } #${'x'.repeat(110_000 + n * 1000)}`)],
    ['deep nesting', (n) => query(`{ downloads { ${'edges { node { downloadedBy { '.repeat(3 + n)}username${' } } }'.repeat(3 + n)} } }`)],
    ['alias bomb', (n) => query(`{ ${Array.from({ length: 20 + n * 10 }, (_, i) => `a${i}: downloads { totalCount }`).join(' ')} }`)],
    ['directive flood', (n) => query(`{ downloads ${'@include(if: true) '.repeat(30 + n)}{ totalCount } }`)],
    [
      'costly pages',
      (n) =>
        query(
          `{ ${Array.from({ length: 8 }, (_, i) => `a${i}: downloads(first: 100) { nodes { id assetId assetType downloadedAt productType productId agreementName thumbnailUrl sizeName licenseModel downloadSource notes projectCode } edges { cursor } }`).join(' ')} #${n}`,
        ),
    ],
    [
      'invalid variables',
      (n) =>
        query('query($first: Int) { downloads(first: $first) { totalCount } }', { first: ['abc', 1.5, true, {}, [], '1e99', 'NaN', -0.1, 'x'.repeat(n), 2 ** 40][n] }),
    ],
    ['unknown fields', (n) => query(`{ downloads { totalCount secret${n} } }`)],
    ['unknown arguments', (n) => query(`{ downloads(page: ${n}) { totalCount } }`)],
    ['wrong methods', (n) => ({ method: ['PUT', 'DELETE', 'PATCH'][n % 3]!, headers: JSON_HEADERS, body: JSON.stringify({ query: '{ downloads { totalCount } }' }) })],
    ['very long cursor', (n) => query('query($after: String) { downloads(after: $after) { totalCount } }', { after: 'A'.repeat(10_000 * (n + 1)) })],
    [
      'unicode in arguments',
      (n) =>
        query('query($after: String) { downloads(after: $after) { totalCount } }', {
          after: ['💥', 'Ω≈ç√', '\u202e', '\u0000', 'ａｂｃ', '🇺🇳', 'z̴̢', '\uFFFF', '表', 'ß'][n],
        }),
    ],
    ['unicode enum value', (n) => query(`{ downloads(productType: ${['ÉASY_ACCESS', 'EASY_ACCESS_💥', 'easy_access'][n % 3]}) { totalCount } }`)],
    ['out-of-range page size', (n) => query(`{ downloads(first: ${[101, -1, 1000, 2147483647, -2147483648][n % 5]}) { totalCount } }`)],
    ['Int overflow', (n) => query(`{ downloads(first: ${99_999_999_999 + n}) { totalCount } }`)],
    [
      'impossible dates',
      (n) =>
        query('query($from: Date) { downloads(dateRange: { from: $from }) { totalCount } }', {
          from: ['2026-02-30', '2026-13-01', 'yesterday', '0000-00-00', '2026-1-1', '', ' ', '2026-02-29T00:00:00Z', '99999-01-01', '2026/01/01'][n],
        }),
    ],
    ['first and last together', (n) => query(`{ downloads(first: ${n}, last: ${n}) { totalCount } }`)],
    ['a mutation over GET', (n) => get(`mutation M${n} { downloads { totalCount } }`)],
  ];
  const requests: HostileRequest[] = [];
  for (const [what, make] of kinds) {
    for (let n = 0; n < 10; n += 1) {
      const made = make(n);
      requests.push('init' in made ? { what, ...made } : { what, url, init: made });
    }
  }
  return requests;
}
