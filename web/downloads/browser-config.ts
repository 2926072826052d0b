/** What the gateway tells the page in its JSON config block (src/http/downloads-browser/page.ts). */
export interface BrowserConfig {
  endpoint: string;
  pageSize: number;
  /** Sandbox mode: tokens the bearer-token field suggests. */
  demoUsers: Array<{ token: string; label: string }>;
}

export function readBrowserConfig(json: string): BrowserConfig {
  const raw: unknown = JSON.parse(json);
  if (typeof raw !== 'object' || raw === null) throw new Error('The page config is not an object');
  const { endpoint, pageSize, demoUsers } = raw as Record<string, unknown>;
  if (typeof endpoint !== 'string' || typeof pageSize !== 'number' || !Array.isArray(demoUsers)) {
    throw new Error('The page config lacks endpoint, pageSize or demoUsers');
  }
  return {
    endpoint,
    pageSize,
    demoUsers: demoUsers.filter(
      (user: unknown): user is { token: string; label: string } =>
        typeof user === 'object' && user !== null && typeof (user as { token?: unknown }).token === 'string' && typeof (user as { label?: unknown }).label === 'string',
    ),
  };
}
