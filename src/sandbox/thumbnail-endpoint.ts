/** GET /thumbs/<assetId>.svg: the placeholder image, cacheable like a CDN asset. */
import { reply, replyMessage, type Exchange } from './http-replies.js';
import type { SandboxRequestLog } from './request-log.js';

const CACHEABLE = { 'cache-control': 'public, max-age=86400, immutable' };

export function createThumbnailEndpoint(render: (assetId: string) => string | undefined, log: SandboxRequestLog): (ex: Exchange, assetId: string) => void {
  return (ex, assetId) => {
    log.count('thumbnails');
    const svg = render(assetId);
    if (svg === undefined) return replyMessage(ex, 404);
    reply(ex, 200, 'image/svg+xml', svg, CACHEABLE);
  };
}
