import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from '@jest/globals';
import { sharedAnswers } from '../shared-answers.js';
import type { CallerContext } from '../shared-answers.js';

/** A server whose one field counts its executions and answers only when `open()` is called. */
function server(remember: boolean, fail = false) {
  let executions = 0;
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const answers = sharedAnswers(remember);
  const apollo = new ApolloServer<CallerContext>({
    typeDefs: 'type Query { n: Int! }',
    resolvers: {
      Query: {
        n: async () => {
          executions += 1;
          const mine = executions;
          await gate;
          if (fail) throw new Error('upstream failed');
          return mine;
        },
      },
    },
    plugins: [answers.plugin],
    stringifyResult: answers.stringify,
  });
  const ask = async (accessToken: string) => {
    const response = await apollo.executeOperation({ query: '{ n }' }, { contextValue: { accessToken } });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  };
  return {
    apollo,
    answers,
    ask,
    executions: () => executions,
    open: () => open(),
  };
}

/** Lets the pending requests reach their wait. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the library floor’s shared answers', () => {
  it('executes once for requests with one token in flight together; the others wait for that answer', async () => {
    const floor = server(false);
    await floor.apollo.start();
    const pending = [floor.ask('a'), floor.ask('a'), floor.ask('a'), floor.ask('b')];
    await settle();
    floor.open();
    const results = await Promise.all(pending);
    expect(floor.executions()).toBe(2);
    expect(results.map((result) => result.data)).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 2 }]);
    // Nothing remembered: a later request executes again.
    expect((await floor.ask('a')).data).toEqual({ n: 3 });
    await floor.apollo.stop();
  });

  it('with remember, hands a later request the answer at once, its text rendered once', async () => {
    const floor = server(true);
    await floor.apollo.start();
    floor.open();
    const first = await floor.ask('a');
    const later = await floor.ask('a');
    expect(floor.executions()).toBe(1);
    expect(later.data).toBe(first.data);
    expect(floor.answers.stringify(later)).toBe(`${JSON.stringify({ data: { n: 1 } })}\n`);
    expect(floor.answers.stringify({ data: { n: 1 } })).toBe(`${JSON.stringify({ data: { n: 1 } })}\n`);
    await floor.apollo.stop();
  });

  it('shares no failure: requests that waited on one execute on their own', async () => {
    const floor = server(true, true);
    await floor.apollo.start();
    const pending = [floor.ask('a'), floor.ask('a')];
    await settle();
    floor.open();
    const results = await Promise.all(pending);
    expect(floor.executions()).toBe(2);
    expect(results.every((result) => result.errors !== undefined)).toBe(true);
    await floor.apollo.stop();
  });
});
