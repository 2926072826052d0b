import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Hands out a child's stdout lines one `next()` at a time, in order; fails if the stream ends first. */
export class LineReader {
  private readonly buffered: string[] = [];
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  private ended = false;

  constructor(
    stream: Readable,
    private readonly name: string,
  ) {
    const lines = createInterface({ input: stream });
    lines.on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter === undefined) this.buffered.push(line);
      else waiter.resolve(line);
    });
    lines.on('close', () => {
      this.ended = true;
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.endedError());
    });
  }

  next(): Promise<string> {
    const line = this.buffered.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.reject(this.endedError());
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private endedError(): Error {
    return new Error(`the ${this.name} process ended its output unexpectedly`);
  }
}
