import type { FastifyInstance } from 'fastify';
import { contentSecurityPolicy } from '../content-security-policy.js';
import { sendStaticAsset, versionedUrls } from '../static-asset.js';
import { loadBrowserAssets } from './assets.js';
import { BROWSER_ASSET_PATH, downloadsBrowserPage } from './page.js';

export interface DownloadsBrowserOptions {
  graphqlPath: string;
  /** Where thumbnails live besides the gateway's own origin; the page's CSP allows images from there only. */
  thumbnailOrigins: readonly string[];
}

const PAGE_SIZE = 24;

/** `GET /`: the downloads browser page, and its bundle under /app/. */
export function registerDownloadsBrowser(app: FastifyInstance, options: DownloadsBrowserOptions): void {
  const assets = loadBrowserAssets();
  const html = downloadsBrowserPage({ endpoint: options.graphqlPath, pageSize: PAGE_SIZE }, options.graphqlPath, versionedUrls(BROWSER_ASSET_PATH, assets));
  const csp = contentSecurityPolicy(options.thumbnailOrigins);
  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', csp).header('cache-control', 'no-cache').send(html));
  app.get<{ Params: { name: string } }>(`${BROWSER_ASSET_PATH}/:name`, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (asset === undefined) return reply.callNotFound();
    return sendStaticAsset(request, reply, asset);
  });
}
