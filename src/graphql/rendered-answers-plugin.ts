import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import type { OperationDefinitionNode } from 'graphql';
import type { DownloadsQuery } from '../getty/query.js';
import type { DownloadsPage } from '../getty/records.js';
import type { GatewayContext } from './context.js';
import { RenderedAnswers } from './rendered-answers.js';
import type { AnswerData, RenderingClaim } from './rendered-answers.js';

/**
 * Answers a query with an answer built from the very pages it reads: one remembered from an
 * earlier request, or one another request is building now from a Getty call they share. Where
 * such an answer may exist, the pages are read first, through the request's own loaders, so its
 * token lookup, Getty calls, cache hits and their metrics are those of an executed request; when
 * no answer fits, execution finds those pages already loaded and reads nothing twice. Where none
 * can, the request claims the building of the answer for those that come while it executes.
 */
export function renderedAnswersPlugin(answers: RenderedAnswers): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      // A batch's operations share one context, so whose reads were whose could not be told.
      if (contextValue.batched) return undefined;
      let operationKey: string | undefined;
      let shared = false;
      let claim: RenderingClaim | undefined;
      return {
        async responseForOperation({ operation, queryHash, operationName, request, contextValue: context }) {
          // Apollo types the operation as resolved, but it is undefined when the document names no
          // operation it holds (several operations, a wrong operationName): execution reports that.
          const resolved: OperationDefinitionNode | undefined = operation;
          if (resolved?.operation !== OperationTypeNode.QUERY || queryHash === undefined) return null;
          operationKey = RenderedAnswers.operationKey({
            queryHash,
            operationName: operationName ?? undefined,
            variables: request.variables,
            acceptLanguage: context.acceptLanguage,
            today: context.today,
          });
          // Only an operation known to read pages looks its token up before execution.
          if (!answers.readsPages(operationKey)) return null;
          const found = await find(answers, operationKey, context);
          claim = found.claim;
          if (found.data === undefined) return null;
          shared = true;
          return { http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: found.data } } };
        },
        async willSendResponse({ contextValue: context, response }) {
          if (shared || operationKey === undefined) return;
          const data = wholeAnswer(response, context);
          if (claim !== undefined) claim.finish(context.pagesRead, data);
          else if (data !== undefined) answers.remember(operationKey, context.pagesRead, data);
        },
      };
    },
  };
}

async function find(
  answers: RenderedAnswers,
  operationKey: string,
  context: GatewayContext,
): Promise<{ data?: AnswerData | undefined; claim?: RenderingClaim | undefined }> {
  try {
    const accessToken = await context.loaders.token.load(context.credentialKey);
    const answerKey = RenderedAnswers.answerKey(operationKey, accessToken);
    const plan = answers.plan(answerKey);
    if (plan === undefined) return {};
    const building = answers.inMaking(answerKey);
    // Nothing to find: this request builds the answer, and reads its pages as it executes.
    if (building === undefined && !answers.keepsAnswers) return { claim: answers.claim(operationKey, answerKey, context.pagesRead) };
    const pages = await readAhead(answers, answerKey, plan, (query) => context.loaders.downloads.load({ accessToken, query }));
    if (pages === undefined || context.freshness.stale) return {};
    const remembered = answers.recall(answerKey, pages);
    if (remembered !== undefined) return { data: remembered };
    if (building !== undefined) return { data: await answers.join(building, pages) };
    return { claim: answers.claim(operationKey, answerKey, context.pagesRead) };
  } catch {
    // Execution meets the same failure through the same loaders, and reports it as it always does.
    return {};
  }
}

/**
 * The pages the operation read last time, read again; undefined when only the first could be.
 * The first page an operation reads follows from its arguments alone; what it reads next may
 * follow from that page (`last` counts back from the total), so only an answer begun from this
 * very first page says the rest is still what it needs.
 */
async function readAhead(
  answers: RenderedAnswers,
  answerKey: string,
  plan: ReadonlyArray<DownloadsQuery>,
  load: (query: DownloadsQuery) => Promise<DownloadsPage>,
): Promise<DownloadsPage[] | undefined> {
  const [first, ...rest] = plan;
  if (first === undefined) return undefined;
  const head = await load(first);
  if (rest.length === 0) return [head];
  if (!answers.begunFrom(answerKey, head)) return undefined;
  return [head, ...(await Promise.all(rest.map(load)))];
}

/** The response's data when it is an answer worth sharing: no errors, no extensions, nothing stale, built from pages. */
function wholeAnswer(
  response: { body: { kind: string; singleResult?: { data?: AnswerData | null; errors?: unknown; extensions?: unknown } } },
  context: GatewayContext,
): AnswerData | undefined {
  if (response.body.kind !== 'single' || context.freshness.stale || context.pagesRead.length === 0) return undefined;
  const { data, errors, extensions } = response.body.singleResult ?? {};
  return errors === undefined && extensions === undefined && data !== undefined && data !== null ? data : undefined;
}
