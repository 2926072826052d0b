import type { Resolvers } from '../generated/resolvers-types.js';
import { Download, DownloadUser } from './download.js';
import { Query } from './query.js';

/** Object types' resolvers; types not listed here use graphql-js's default property lookup. */
export const resolvers: Resolvers = { Query, Download, DownloadUser };
