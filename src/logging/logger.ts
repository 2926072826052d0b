import { pino } from 'pino';
import type { BaseLogger, DestinationStream, Logger } from 'pino';
import type { LogLevel } from '../config/env.js';

export type { Logger };

/** What request-scoped code logs through: fastify's per-request child logger satisfies it. */
export type RequestLog = Pick<BaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * Paths pino blanks before a line is written. The code never logs credentials on purpose;
 * this is the net for the day someone logs a whole header set or options object.
 */
export const REDACTED_PATHS = [
  'authorization',
  'password',
  'client_secret',
  'apiSecret',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'token',
  'headers.authorization',
  'headers["api-key"]',
  '*.headers.authorization',
  '*.headers["api-key"]',
  '*.authorization',
  '*.password',
  '*.client_secret',
  '*.apiSecret',
  '*.accessToken',
  '*.access_token',
  '*.refreshToken',
  '*.refresh_token',
  '*.token',
];

/** JSON lines, one per event, with ISO timestamps and level names that log shippers read as is. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'getty-downloads-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
