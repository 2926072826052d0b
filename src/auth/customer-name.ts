import type { GettyClient } from '../getty/client.js';
import { credentialId } from '../getty/credential-id.js';

/**
 * The signed-in customer's name for the page header. Getty's token answer names nobody, so it is
 * read from the customer's newest download (one call against the key's budget, once per
 * sign-in); a customer without downloads in Getty's default window stays unnamed.
 */
export async function customerName(client: GettyClient, accessToken: string): Promise<string | undefined> {
  const page = await client.downloads('page=1&page_size=1', { accessToken, acceptLanguage: undefined }, credentialId(accessToken));
  const user = page.downloads[0]?.user;
  if (user === undefined || user === null) return undefined;
  const names = [user.first_name, user.middle_name, user.last_name].filter((name): name is string => typeof name === 'string' && name !== '');
  if (names.length > 0) return names.join(' ');
  return user.username ?? undefined;
}
