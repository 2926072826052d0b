/** A browser as the sign-in flow sees it: a cookie jar and fetch without automatic redirects. */
export interface SetCookie {
  name: string;
  value: string;
  /** Attributes as sent, lower-cased names: `httponly`, `samesite`, `path`, `max-age`, `secure`. */
  attributes: Map<string, string>;
}

export function parseSetCookies(headers: Headers): SetCookie[] {
  return headers.getSetCookie().map((line) => {
    const [pair = '', ...rest] = line.split(';').map((part) => part.trim());
    const equals = pair.indexOf('=');
    const attributes = new Map<string, string>();
    for (const attribute of rest) {
      const at = attribute.indexOf('=');
      attributes.set((at === -1 ? attribute : attribute.slice(0, at)).toLowerCase(), at === -1 ? '' : attribute.slice(at + 1));
    }
    return { name: pair.slice(0, equals), value: pair.slice(equals + 1), attributes };
  });
}

export class CookieJar {
  readonly cookies = new Map<string, string>();

  take(headers: Headers): SetCookie[] {
    const set = parseSetCookies(headers);
    for (const cookie of set) {
      if (cookie.value === '' || cookie.attributes.get('max-age') === '0') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return set;
  }

  header(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  async fetch(url: string, init: RequestInit = {}): Promise<{ response: Response; set: SetCookie[] }> {
    const response = await fetch(url, { redirect: 'manual', ...init, headers: { ...this.header(), ...(init.headers as Record<string, string> | undefined) } });
    return { response, set: this.take(response.headers) };
  }
}

/** Submits the sandbox's sign-in form for `username`, as the page's form would; resolves to the redirect back. */
export async function chooseUser(authorizeLocation: string, username: string, override: Record<string, string> = {}): Promise<string> {
  const authorize = new URL(authorizeLocation);
  const form = new URLSearchParams(authorize.searchParams);
  for (const [name, value] of Object.entries(override)) form.set(name, value);
  form.set('username', username);
  form.set('decision', 'allow');
  const response = await fetch(`${authorize.origin}${authorize.pathname}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (response.status !== 302) throw new Error(`the sandbox's sign-in form answered ${response.status}: ${await response.text()}`);
  return response.headers.get('location') ?? '';
}

/** The whole flow through `gatewayUrl`: /auth/login, the sandbox's page, /auth/callback. Resolves to the callback's answer. */
export async function signIn(jar: CookieJar, gatewayUrl: string, username: string): Promise<{ response: Response; set: SetCookie[] }> {
  const login = await jar.fetch(`${gatewayUrl}/auth/login`);
  const back = await chooseUser(login.response.headers.get('location') ?? '', username);
  return jar.fetch(back);
}
