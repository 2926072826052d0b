/**
 * Who is signed in, as the gateway's /auth/session says: the session lives on the server and
 * its cookie is HttpOnly, so the page never sees a token or the session id.
 */
export type Account = { signedIn: true; user: string | null; expiresAt: string | null } | { signedIn: false; signInAvailable: boolean };

export async function readAccount(): Promise<Account> {
  try {
    const response = await fetch('/auth/session', { headers: { accept: 'application/json' } });
    const body: unknown = await response.json();
    if (typeof body !== 'object' || body === null) return { signedIn: false, signInAvailable: false };
    const { signedIn, signInAvailable, user, expiresAt } = body as Record<string, unknown>;
    if (signedIn === true) return { signedIn: true, user: typeof user === 'string' ? user : null, expiresAt: typeof expiresAt === 'string' ? expiresAt : null };
    return { signedIn: false, signInAvailable: signInAvailable === true };
  } catch {
    return { signedIn: false, signInAvailable: false };
  }
}

/** Ends the session; the same-origin POST carries the Origin header the gateway checks. */
export async function signOut(): Promise<boolean> {
  try {
    const response = await fetch('/auth/logout', { method: 'POST' });
    return response.ok;
  } catch {
    return false;
  }
}

/** /auth/login, coming back to the page as it is now (filters and page included). */
export function signInHref(location: Pick<Location, 'pathname' | 'search'>): string {
  return `/auth/login?returnTo=${encodeURIComponent(`${location.pathname}${location.search}`)}`;
}
