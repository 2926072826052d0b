import type { Readable } from 'node:stream';

/** What a gateway process's "gateway listening" log line names. */
export interface Listening {
  graphqlUrl: string;
  /** Absent when the admin listener is off. */
  adminUrl?: string;
}

/**
 * Reads a gateway child process's stdout, one JSON log line at a time, until it says it is
 * listening; `onLine` sees every line. Rejects, with `why()`, if the process exits first.
 */
export function untilListening(stdout: Readable, exit: Promise<unknown>, why: () => string, onLine: (line: string) => void = () => undefined): Promise<Listening> {
  return new Promise<Listening>((resolve, reject) => {
    let buffered = '';
    stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        onLine(line);
        if (!line.includes('"gateway listening"')) continue;
        const entry = JSON.parse(line) as { msg?: string } & Partial<Listening>;
        if (entry.msg === 'gateway listening' && entry.graphqlUrl !== undefined)
          resolve({ graphqlUrl: entry.graphqlUrl, ...(entry.adminUrl === undefined ? {} : { adminUrl: entry.adminUrl }) });
      }
    });
    void exit.then(() => reject(new Error(why())));
  });
}
