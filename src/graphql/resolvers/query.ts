import { downloadsConnection, prepareDownloads } from '../../domain/downloads/downloads-connection.js';
import { utcDay } from '../../domain/downloads/filter.js';
import type { QueryResolvers } from '../generated/resolvers-types.js';
import { withAccessToken } from '../with-access-token.js';

export const Query: QueryResolvers = {
  downloads: async (_root, args, context) => {
    const request = prepareDownloads({
      first: args.first,
      last: args.last,
      after: args.after,
      before: args.before,
      from: args.dateRange?.from ? utcDay(args.dateRange.from) : undefined,
      to: args.dateRange?.to ? utcDay(args.dateRange.to) : undefined,
      productType: args.productType ?? undefined,
      companyDownloads: args.companyDownloads ?? false,
    });
    return withAccessToken(context, (accessToken) =>
      downloadsConnection(request, context.today, (query) => context.loaders.downloads.load({ accessToken, query }), context.reportUnknownValue),
    );
  },
};
