import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';
import { ErrorCode } from '../errors.js';

const JSON_MEDIA = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_MEDIA = 'application/graphql-response+json; charset=utf-8';
/** Apollo's own offer for subscription callbacks; left to Apollo when a client picks it. */
const CALLBACK_MEDIA = 'application/json; callbackSpec=1.0';

/**
 * The one place a GraphQL answer's HTTP status is decided, per the GraphQL-over-HTTP spec:
 *
 * - an answer with `data` (field errors included: `downloads` is nullable, so a failing field
 *   leaves `data` in place) is 200 whatever the media type;
 * - an answer without `data` (the request failed: parse, validation, variable coercion, an
 *   unknown persisted query) is 200 as `application/json`, which the spec keeps at 200 for
 *   legacy clients, and 400 as `application/graphql-response+json`.
 *
 * Requests that are not well-formed GraphQL-over-HTTP (bad JSON, no query, CSRF, a mutation
 * over GET) keep the 4xx fastify or Apollo gives them.
 * Any answer whose errors carry `retryAfterSeconds` also gets `Retry-After` (the largest).
 */
export function responseStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const media = negotiate(request.http?.headers.get('accept'));
          if (media === undefined) return;
          response.http.headers.set('content-type', media);
          // BAD_REQUEST is a request that is not well-formed GraphQL-over-HTTP (a mutation
          // over GET): Apollo's own 4xx (405 with Allow) stands.
          if (!result.errors?.some((error) => error.extensions?.code === ErrorCode.BadRequest)) {
            response.http.status = result.data !== undefined || media === JSON_MEDIA ? 200 : 400;
          }
          const retryAfter = largestRetryAfter(result.errors);
          if (retryAfter !== undefined) response.http.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  };
}

/** The media type Apollo would pick itself (no Accept: JSON); undefined leaves the answer to Apollo (406, callbacks). */
function negotiate(accept: string | undefined): string | undefined {
  if (accept === undefined || accept === '') return JSON_MEDIA;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([JSON_MEDIA, GRAPHQL_RESPONSE_MEDIA, CALLBACK_MEDIA]);
  return preferred === JSON_MEDIA || preferred === GRAPHQL_RESPONSE_MEDIA ? preferred : undefined;
}

function largestRetryAfter(errors: ReadonlyArray<{ extensions?: Record<string, unknown> }> | undefined): number | undefined {
  let largest: number | undefined;
  for (const error of errors ?? []) {
    const seconds = error.extensions?.retryAfterSeconds;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) largest = Math.max(largest ?? 0, Math.ceil(seconds));
  }
  return largest;
}
