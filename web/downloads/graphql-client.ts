import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** One error to show: the gateway's `extensions.code`, or a client-side code for transport trouble. */
export interface ShownError {
  code: string;
  message: string;
}

export type Outcome<TData> = { ok: true; data: TData } | { ok: false; errors: ShownError[] };

/**
 * Sends a generated typed document to the gateway the way any product frontend would:
 * `POST` with JSON, the operation's variables typed by codegen, the answer checked before use.
 */
export async function runOperation<TData, TVariables>(endpoint: string, document: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<Outcome<TData>> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      // Same-origin: the browser adds the HttpOnly session cookie itself, the page holds no credential.
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch {
    return failure('NETWORK_ERROR', 'The gateway could not be reached. Is it running?');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return failure('BAD_RESPONSE', `The gateway answered HTTP ${response.status} without a JSON body.`);
  }
  const errors = readErrors(body);
  if (errors.length > 0) return { ok: false, errors };
  const data = isObject(body) ? body.data : undefined;
  // The gateway's answer to this very document: its shape is what codegen typed.
  if (isObject(data)) return { ok: true, data: data as TData };
  return failure('BAD_RESPONSE', `The gateway answered HTTP ${response.status} with neither data nor errors.`);
}

function readErrors(body: unknown): ShownError[] {
  if (!isObject(body) || !Array.isArray(body.errors)) return [];
  return body.errors.map((error: unknown) => {
    const message = isObject(error) && typeof error.message === 'string' ? error.message : 'Unknown error.';
    const extensions = isObject(error) && isObject(error.extensions) ? error.extensions : {};
    return { code: typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN', message };
  });
}

function failure(code: string, message: string): Outcome<never> {
  return { ok: false, errors: [{ code, message }] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
