/**
 * Who a Getty call is made for, as the fair scheduler sees it: got's `context.customer`. A call
 * made with a customer's token is that customer's (a digest of the token, see credentialId); the
 * gateway's own calls have names of their own.
 */
export const TOKEN_ENDPOINT = 'token-endpoint';
export const HEALTH_PROBE = 'health-probe';
/** Any call that names no customer: it still draws from the key's budget. */
export const UNNAMED = 'gateway';

/** got options that make a call count as `customer`'s. */
export function forCustomer(customer: string): { context: { customer: string } } {
  return { context: { customer } };
}
