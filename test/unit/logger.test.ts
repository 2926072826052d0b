import { describe, expect, it } from '@jest/globals';
import { capturedLogger } from '../log-capture.js';

describe('the logger', () => {
  it('redacts credentials by itself, even when code logs them by mistake', () => {
    const { logger, lines } = capturedLogger();
    logger.info(
      {
        authorization: 'Bearer secret-a',
        password: 'secret-b',
        token: 'secret-c',
        options: { headers: { authorization: 'Bearer secret-d', 'api-key': 'secret-e' }, client_secret: 'secret-f' },
        grant: { refresh_token: 'secret-g', access_token: 'secret-h' },
        headers: { authorization: 'Bearer secret-i' },
      },
      'a careless line',
    );
    const text = lines.join('');
    expect(text).toContain('a careless line');
    for (const letter of 'abcdefghi') expect(text).not.toContain(`secret-${letter}`);
    expect(text.match(/\[redacted\]/g)?.length).toBe(9);
  });

  it('writes one JSON object per line, with an ISO time and the level name', () => {
    const { logger, lines } = capturedLogger();
    logger.warn({ reqId: 'r1' }, 'hello');
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'warn', reqId: 'r1', msg: 'hello', service: 'getty-downloads-gateway' });
    expect(entry.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
