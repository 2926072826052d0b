/** How a fault looks on the wire: Getty-like default bodies and headers per status. */
import { STATUS_CODES, type OutgoingHttpHeaders } from 'node:http';
import { GETTY_ERROR_TYPE, INVALID_TOKEN_CHALLENGE, JSON_TYPE, reply, type Exchange } from './http-replies.js';
import type { ScriptableEndpoint } from './types.js';

/** The QPS limiter answers exactly this too, so rate faults and real throttling look the same. */
export const TOO_MANY_REQUESTS_HEADERS: Readonly<OutgoingHttpHeaders> = {
  'x-error-detail': 'Account Over Queries Per Second Limit',
};

const GARBAGE_BODY = '<html><body><h1>502 Bad Gateway</h1></body></html>';
const WRONG_SHAPE_BODIES: Readonly<Record<ScriptableEndpoint, string>> = {
  downloads: '{"downloads":"nope"}',
  token: '{"access_token":42}',
};

export type AnswerFault = { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> } | { kind: 'garbage' } | { kind: 'wrong-shape' };

export function replyFault(ex: Exchange, endpoint: ScriptableEndpoint, fault: AnswerFault): void {
  if (fault.kind === 'garbage') return reply(ex, 200, JSON_TYPE, GARBAGE_BODY);
  if (fault.kind === 'wrong-shape') return reply(ex, 200, JSON_TYPE, WRONG_SHAPE_BODIES[endpoint]);
  const defaults = defaultStatusAnswer(endpoint, fault.status);
  const headers: OutgoingHttpHeaders = { ...defaults.headers };
  for (const [name, value] of Object.entries(fault.headers ?? {})) headers[name.toLowerCase()] = value;
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : fault.body === undefined ? defaults.contentType : JSON_TYPE;
  const body = fault.body === undefined ? defaults.body : JSON.stringify(fault.body);
  reply(ex, fault.status, contentType, body, headers);
}

interface StatusAnswer {
  contentType: string;
  body: string;
  headers: OutgoingHttpHeaders;
}

function defaultStatusAnswer(endpoint: ScriptableEndpoint, status: number): StatusAnswer {
  if (endpoint === 'token' && (status === 400 || status === 401)) {
    return json({ error: status === 400 ? 'invalid_request' : 'invalid_client' });
  }
  if (status === 400) {
    return {
      contentType: GETTY_ERROR_TYPE,
      body: JSON.stringify({ ErrorCode: 'InvalidParameterValue', ErrorMessage: 'Simulated invalid parameter' }),
      headers: {},
    };
  }
  const answer = json({ message: STATUS_CODES[status] ?? 'Error' });
  if (status === 401 && endpoint === 'downloads') answer.headers['www-authenticate'] = INVALID_TOKEN_CHALLENGE;
  if (status === 429) Object.assign(answer.headers, TOO_MANY_REQUESTS_HEADERS);
  return answer;
}

function json(value: unknown): StatusAnswer {
  return { contentType: JSON_TYPE, body: JSON.stringify(value), headers: {} };
}
