import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';

/** The caller's bearer token: what answers are shared by. */
export interface CallerContext {
  accessToken: string;
}

type AnswerData = Record<string, unknown>;

/**
 * Answers shared per bearer token at `responseForOperation`, and nothing else of the gateway's
 * (the library floor serves one operation, so the token alone says whose answer it is):
 * the first request executes, requests that come while it does wait for its answer (or execute
 * if it had none), and with `remember` every later request gets that answer at once. Each
 * answer's text is rendered once, for every request it answers.
 */
export function sharedAnswers(remember: boolean): { plugin: ApolloServerPlugin<CallerContext>; stringify: (result: FormattedExecutionResult) => string } {
  const remembered = new Map<string, AnswerData>();
  const building = new Map<string, Promise<AnswerData | undefined>>();
  const texts = new WeakMap<object, string>();
  const answer = (data: AnswerData): GraphQLResponse => ({ http: { headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data } } });
  const plugin: ApolloServerPlugin<CallerContext> = {
    async requestDidStart({ contextValue: { accessToken } }) {
      let settle: ((data: AnswerData | undefined) => void) | undefined;
      return {
        async responseForOperation() {
          const known = remembered.get(accessToken);
          if (known !== undefined) return answer(known);
          const inFlight = building.get(accessToken);
          if (inFlight !== undefined) {
            const data = await inFlight;
            return data === undefined ? null : answer(data);
          }
          building.set(
            accessToken,
            new Promise((resolve) => {
              settle = resolve;
            }),
          );
          return null;
        },
        async willSendResponse({ response }) {
          if (settle === undefined) return;
          const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const data = result?.errors === undefined && typeof result?.data === 'object' && result.data !== null ? result.data : undefined;
          if (data !== undefined) {
            texts.set(data, `${JSON.stringify({ data })}\n`);
            if (remember) remembered.set(accessToken, data);
          }
          building.delete(accessToken);
          settle(data);
        },
      };
    },
  };
  const stringify = (result: FormattedExecutionResult): string => {
    const text =
      result.errors === undefined && result.extensions === undefined && typeof result.data === 'object' && result.data !== null ? texts.get(result.data) : undefined;
    return text ?? `${JSON.stringify(result)}\n`;
  };
  return { plugin, stringify };
}
