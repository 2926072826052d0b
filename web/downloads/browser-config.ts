/** What the gateway tells the page in its JSON config block (src/http/downloads-browser/page.ts). */
export interface BrowserConfig {
  endpoint: string;
  pageSize: number;
}

export function readBrowserConfig(json: string): BrowserConfig {
  const raw: unknown = JSON.parse(json);
  if (typeof raw !== 'object' || raw === null) throw new Error('The page config is not an object');
  const { endpoint, pageSize } = raw as Record<string, unknown>;
  if (typeof endpoint !== 'string' || typeof pageSize !== 'number') throw new Error('The page config lacks endpoint or pageSize');
  return { endpoint, pageSize };
}
