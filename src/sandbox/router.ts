/** Maps method and path to an endpoint, logging every request on the way in. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { replyMessage, replyMethodNotAllowed, type Exchange } from './http-replies.js';
import type { SandboxRequestLog } from './request-log.js';
import { THUMBNAIL_PATH } from './thumbnails.js';

export interface Endpoints {
  downloads: (ex: Exchange, params: URLSearchParams) => void;
  token: (ex: Exchange) => void;
  authorizePage: (ex: Exchange, params: URLSearchParams) => void;
  authorizeDecision: (ex: Exchange) => void;
  thumbnail: (ex: Exchange, assetId: string) => void;
}

export function createRouter(log: SandboxRequestLog, endpoints: Endpoints): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const params = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    const ex: Exchange = { req, res, record: log.start(req, path, params) };
    try {
      route(ex, path, params, endpoints);
    } catch (error) {
      // A bug in the sandbox must surface as a 500, not take the test process down.
      if (!res.headersSent) replyMessage(ex, 500);
      process.emitWarning(`sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
}

function route(ex: Exchange, path: string, params: URLSearchParams, endpoints: Endpoints): void {
  const method = ex.req.method;
  if (path === '/v3/downloads') {
    return method === 'GET' ? endpoints.downloads(ex, params) : replyMethodNotAllowed(ex, 'GET');
  }
  if (path === '/oauth2/token') {
    return method === 'POST' ? endpoints.token(ex) : replyMethodNotAllowed(ex, 'POST');
  }
  if (path === '/oauth2/authorize') {
    if (method === 'GET') return endpoints.authorizePage(ex, params);
    return method === 'POST' ? endpoints.authorizeDecision(ex) : replyMethodNotAllowed(ex, 'GET, POST');
  }
  const thumbnail = THUMBNAIL_PATH.exec(path);
  if (thumbnail?.[1] !== undefined) {
    return method === 'GET' || method === 'HEAD' ? endpoints.thumbnail(ex, thumbnail[1]) : replyMethodNotAllowed(ex, 'GET, HEAD');
  }
  replyMessage(ex, 404);
}
