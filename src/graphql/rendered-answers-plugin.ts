import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { GatewayContext } from './context.js';
import { builtFrom, RenderedAnswers } from './rendered-answers.js';

/**
 * Answers a query from a remembered answer while the pages it reads are still the objects it
 * was built from, and remembers answers that came whole from pages. The pages are read through
 * the request's own loaders, so its token lookup, Getty calls, cache hits and their metrics
 * are those of an executed request; when the answer no longer holds, execution finds those
 * pages already loaded and reads nothing twice.
 */
export function renderedAnswersPlugin(answers: RenderedAnswers): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      // A batch's operations share one context, so whose reads were whose could not be told.
      if (contextValue.batched) return undefined;
      let operationKey: string | undefined;
      let recalled = false;
      return {
        async responseForOperation({ operation, queryHash, operationName, request, contextValue: context }) {
          if (operation.operation !== OperationTypeNode.QUERY || queryHash === undefined) return null;
          operationKey = RenderedAnswers.operationKey({
            queryHash,
            operationName: operationName ?? undefined,
            variables: request.variables,
            acceptLanguage: context.acceptLanguage,
            today: context.today,
          });
          // Only an operation known to read pages looks its token up before execution.
          if (!answers.readsPages(operationKey)) return null;
          const data = await recall(answers, operationKey, context);
          if (data === undefined) return null;
          recalled = true;
          return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } };
        },
        async willSendResponse({ contextValue: context, response }) {
          if (recalled || operationKey === undefined || response.body.kind !== 'single' || context.freshness.stale) return;
          const { data, errors, extensions } = response.body.singleResult;
          if (errors !== undefined || extensions !== undefined || data === undefined || data === null || context.pagesRead.length === 0) return;
          answers.remember(operationKey, context.pagesRead, data);
        },
      };
    },
  };
}

async function recall(answers: RenderedAnswers, operationKey: string, context: GatewayContext): Promise<Record<string, unknown> | undefined> {
  try {
    const accessToken = await context.loaders.token.load(context.credentialKey);
    const answer = answers.lookup(operationKey, accessToken);
    if (answer === undefined) return undefined;
    const pages = await Promise.all(answer.queries.map((query) => context.loaders.downloads.load({ accessToken, query })));
    return !context.freshness.stale && builtFrom(answer, pages) ? answer.data : undefined;
  } catch {
    // Execution meets the same failure through the same loaders, and reports it as it always does.
    return undefined;
  }
}
