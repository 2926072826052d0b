import type { DemoUserHint } from '../demo-users.js';

/** The operation every newcomer sees first: in the playground's first tab and the start-up banner. */
export const EXAMPLE_QUERY = `query FirstPage($first: Int = 10) {
  downloads(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      assetId
      assetType
      downloadedAt
      productType
      thumbnailUrl
      downloadedBy { displayName }
    }
  }
}`;

export interface ExampleTab {
  query: string;
  variables?: string;
  /** The Headers editor's text: JSON, since GraphiQL 3 parses it with JSON.parse before each run. */
  headers?: string;
}

/** The playground's tabs: one per way of using `downloads`, and one error to see what errors look like. */
export function exampleTabs(today: Date): ExampleTab[] {
  const day = (offsetDays: number) => new Date(today.getTime() - offsetDays * 86_400_000).toISOString().slice(0, 10);
  return [
    { query: EXAMPLE_QUERY },
    {
      query: `# Paste pageInfo.endCursor from the first page into "after" below.
query NextPage($after: String) {
  downloads(first: 10, after: $after) {
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    edges { cursor node { id downloadedAt productType } }
  }
}`,
      variables: JSON.stringify({ after: null }, null, 2),
    },
    {
      query: `# "last" without "before" counts back from the oldest download;
# pass pageInfo.startCursor as "before" to keep paging backward.
query PageBackward($before: String) {
  downloads(last: 10, before: $before) {
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    nodes { id downloadedAt productType }
  }
}`,
      variables: JSON.stringify({ before: null }, null, 2),
    },
    {
      query: `query DateRange($from: Date!, $to: Date!) {
  downloads(first: 20, dateRange: { from: $from, to: $to }) {
    totalCount
    nodes { id downloadedAt agreementName }
  }
}`,
      variables: JSON.stringify({ from: day(90), to: day(0) }, null, 2),
    },
    {
      query: `query ByProductType {
  downloads(first: 20, productType: EASY_ACCESS) {
    totalCount
    nodes { id productType productId agreementName }
  }
}`,
    },
    {
      query: `# Downloads of every user of the company (the account must be enabled for it).
query CompanyDownloads {
  downloads(first: 20, companyDownloads: true) {
    totalCount
    nodes { id downloadedAt downloadedBy { username displayName } }
  }
}`,
    },
    {
      query: `# An error on purpose: page sizes go up to 100. The refused alias is null with an
# error (extensions.code, path); the other alias keeps its data.
query PartialResult {
  ok: downloads(first: 2) { totalCount nodes { id } }
  tooLarge: downloads(first: 500) { totalCount }
}`,
    },
  ];
}

/** Headers whose name starts with `#` are notes: playground.js drops them before sending. */
export const HEADER_NOTE_PREFIX = '#';

/**
 * Sandbox mode: the Headers editor of every tab lists (as notes) how to act as each demo
 * user. GraphiQL 3 parses the editor as strict JSON, so the "comments" are `#` keys, which
 * the playground's fetcher leaves out; copying a value under `authorization` acts as that user.
 */
export function demoUserHeaders(users: ReadonlyArray<DemoUserHint>, active?: DemoUserHint): string {
  const notes: Record<string, string> = {
    [`${HEADER_NOTE_PREFIX} Act as a demo user: put one of these values under "authorization". Keys starting with # are not sent`]: '',
  };
  for (const user of users) {
    const remark = user.companyDownloadsEnabled ? '' : ', no company downloads';
    notes[`${HEADER_NOTE_PREFIX} ${user.username}: ${user.displayName}${remark}`] = `Bearer ${user.bearerToken}`;
  }
  return JSON.stringify(active === undefined ? notes : { ...notes, authorization: `Bearer ${active.bearerToken}` }, null, 2);
}

/** Sandbox mode: a tab that acts as a demo user other than the service account. */
export function demoUsersTab(users: ReadonlyArray<DemoUserHint>): ExampleTab | undefined {
  // The second user: the first is usually the service account, which needs no header.
  const example = users[1] ?? users[0];
  if (example === undefined) return undefined;
  return {
    query: `# This tab acts as ${example.username}: see its Headers editor. Without an authorization
# header, the gateway uses its service account.
query ActAsDemoUser {
  downloads(first: 5) {
    totalCount
    nodes { id downloadedAt downloadedBy { username displayName } }
  }
}`,
    headers: demoUserHeaders(users, example),
  };
}
