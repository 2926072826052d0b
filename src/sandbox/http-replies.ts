/** Writing answers: every reply also stamps its status on the request's log record. */
import { STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { RecordedRequest } from './types.js';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const GETTY_ERROR_TYPE = 'application/vnd.getty.error+json';

export const INVALID_TOKEN_CHALLENGE = 'Bearer realm="Download",error="invalid_token",error_description="The access token is missing, invalid or expired"';

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
}

export function reply(ex: Exchange, status: number, contentType: string, body: string | Buffer, headers?: OutgoingHttpHeaders): void {
  ex.record.status = status;
  // The client may have gone, or close() destroyed the socket while an answer was delayed.
  if (ex.res.destroyed) return;
  ex.res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.length });
  ex.res.end(body);
}

export function replyJson(ex: Exchange, status: number, value: unknown, headers?: OutgoingHttpHeaders): void {
  reply(ex, status, JSON_TYPE, JSON.stringify(value), headers);
}

/** Getty's gateway-level errors: `{"message": "<reason phrase>"}`. */
export function replyMessage(ex: Exchange, status: number, headers?: OutgoingHttpHeaders): void {
  replyJson(ex, status, { message: STATUS_CODES[status] ?? 'Error' }, headers);
}

/** Getty's API-level errors, branchable on `ErrorCode`. */
export function replyGettyError(ex: Exchange, errorCode: string, errorMessage: string): void {
  reply(ex, 400, GETTY_ERROR_TYPE, JSON.stringify({ ErrorCode: errorCode, ErrorMessage: errorMessage }));
}

export function replyMethodNotAllowed(ex: Exchange, allow: string): void {
  replyMessage(ex, 405, { allow });
}
