import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768 and up): a port no `listen(0)` elsewhere is handed. */
const FIRST = 20_000;
const LAST = 32_767;
const ATTEMPTS = 50;

/**
 * A port on 127.0.0.1 that refuses connections, and stays so: it was free when bound and
 * closed, and lies outside the range the kernel hands to servers asking for any free port,
 * so another test's server cannot take it meanwhile (one that did would answer, or hang,
 * where a refusal is expected).
 */
export async function closedPort(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST + 1));
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return port;
    }
  }
  throw new Error(`no free port between ${FIRST} and ${LAST} after ${ATTEMPTS} tries`);
}
