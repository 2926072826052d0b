/** Reading a small request body (a form), bounded. */
import type { IncomingMessage } from 'node:http';

/** A form is a few hundred bytes; anything far larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

/** Calls back with the body, or undefined when it is too large or the stream failed. */
export function readBody(req: IncomingMessage, done: (body: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES && !failed) {
      failed = true;
      done(undefined);
    }
    if (!failed) chunks.push(chunk);
  });
  req.on('end', () => {
    if (!failed) done(Buffer.concat(chunks).toString('utf8'));
  });
  req.on('error', () => {
    if (!failed) {
      failed = true;
      done(undefined);
    }
  });
}
