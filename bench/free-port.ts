import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 right now. The gateway is told its port rather than asked,
 * because the line announcing it is an info log and the bench runs the gateway at warn.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}
