import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';

/** `ok`, or the first error's `extensions.code`: how metrics and traces name an operation's result. */
export function operationOutcome<T extends object>({ response, errors }: GraphQLRequestContextWillSendResponse<T>): string {
  const first = errors?.[0] ?? (response.body.kind === 'single' ? response.body.singleResult.errors?.[0] : undefined);
  if (first === undefined) return 'ok';
  const code = first.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
