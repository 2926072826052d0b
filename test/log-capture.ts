import { Writable } from 'node:stream';
import { createLogger } from '../src/logging/logger.js';
import type { Logger } from '../src/logging/logger.js';

/** The project's logger writing to memory: each write as written, and all of it as one text. */
export function capturedLogger(level: Parameters<typeof createLogger>[0] = 'info'): { logger: Logger; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, lines, text: () => lines.join('') };
}
