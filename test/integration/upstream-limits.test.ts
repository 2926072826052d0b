import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { downloadCalls, errorCodes, startStack } from './harness.js';
import type { Stack } from './harness.js';

const QUERY = '{ downloads(first: 1) { totalCount } }';
const HUGE = 20 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** What one upstream answer cost the server that sent it. */
interface Sending {
  sent: number;
  finished: boolean;
  closed: Promise<void>;
}

/** A Getty stand-in whose downloads answer is a 20 MB body, declared in Content-Length or not, written as fast as the reader takes it. */
async function hugeUpstream(declareLength: boolean): Promise<{ url: string; answers: Sending[]; close: () => Promise<void> }> {
  const answers: Sending[] = [];
  const server: Server = createServer((_request, response) => {
    let resolveClosed: () => void = () => undefined;
    const sending: Sending = { sent: 0, finished: false, closed: new Promise((resolve) => (resolveClosed = resolve)) };
    answers.push(sending);
    response.on('close', () => resolveClosed());
    response.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(HUGE) } : {}) });
    const pump = () => {
      while (!response.destroyed && sending.sent < HUGE) {
        sending.sent += CHUNK.length;
        if (!response.write(CHUNK)) return;
      }
      if (sending.sent >= HUGE && !response.destroyed) {
        sending.finished = true;
        response.end();
      }
    };
    response.on('drain', pump);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('upstream body cap', () => {
  it.each([
    ['declared in Content-Length', true],
    ['streamed without a length', false],
  ])('refuses a 20 MB body %s with UPSTREAM_BAD_RESPONSE, cutting the connection long before it is all sent', async (_how, declareLength) => {
    const upstream = await hugeUpstream(declareLength);
    const stack = await startStack({ target: { apiUrl: upstream.url } });
    try {
      const response = await stack.graphql(QUERY, undefined, { authorization: 'Bearer sandbox-bob' });
      expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
      expect(response.body.errors?.[0]?.message).toMatch(/larger than 2097152 bytes/);
      // One attempt: the same URL would send the same body again.
      expect(upstream.answers).toHaveLength(1);
      const [answer] = upstream.answers;
      await answer?.closed;
      expect(answer?.finished).toBe(false);
      // What the sender got rid of is the cap plus what the two sockets' buffers held: far from 20 MB.
      expect(answer?.sent).toBeLessThan(HUGE / 2);
    } finally {
      await stack.close();
      await upstream.close();
    }
  });
});

describe('tokens Getty refused', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('are refused again without a Getty call, while other tokens still reach Getty', async () => {
    stack.sandbox.resetStats();
    const first = await stack.graphql(QUERY, undefined, { authorization: 'Bearer made-up-token' });
    expect(errorCodes(first)).toEqual(['UNAUTHENTICATED']);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    const again = await stack.graphql(QUERY, undefined, { authorization: 'Bearer made-up-token' });
    expect(errorCodes(again)).toEqual(['UNAUTHENTICATED']);
    expect(again.body.errors?.[0]?.message).toBe(first.body.errors?.[0]?.message);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    expect((await stack.graphql(QUERY, undefined, { authorization: 'Bearer sandbox-bob' })).body.errors).toBeUndefined();
    expect(downloadCalls(stack.sandbox)).toHaveLength(2);
  });
});
