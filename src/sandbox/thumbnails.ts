/** Generated SVG placeholders for thumb_uri, so clients can render something without Getty's CDN. */
import type { SandboxAssetType, SandboxDataset } from './dataset-types.js';

export const THUMBNAIL_PATH = /^\/thumbs\/([A-Za-z0-9_-]{1,64})\.svg$/;

const STYLE: Readonly<Record<SandboxAssetType, { background: string; badge: string }>> = {
  image: { background: '#1f5f8b', badge: 'IMAGE' },
  video: { background: '#7b2d8b', badge: 'VIDEO' },
};
const PLAY_ICON = '<polygon points="75,112 75,142 101,127" fill="#ffffff" fill-opacity="0.85"/>';

/** Renders each asset's SVG on first request and keeps it; unknown assets give undefined. */
export function createThumbnailRenderer(dataset: SandboxDataset): (assetId: string) => string | undefined {
  const assetTypes = new Map<string, SandboxAssetType>();
  for (const download of dataset.downloads) assetTypes.set(download.id, download.asset_type);
  const rendered = new Map<string, string>();

  return (assetId) => {
    const cached = rendered.get(assetId);
    if (cached !== undefined) return cached;
    const type = assetTypes.get(assetId);
    if (type === undefined) return undefined;
    const svg = renderSvg(assetId, type);
    rendered.set(assetId, svg);
    return svg;
  };
}

function renderSvg(assetId: string, type: SandboxAssetType): string {
  const { background, badge } = STYLE[type];
  // assetId is restricted to [A-Za-z0-9_-] by THUMBNAIL_PATH, so it needs no XML escaping.
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="170" height="170" viewBox="0 0 170 170">',
    `<rect width="170" height="170" fill="${background}"/>`,
    `<text x="85" y="70" font-family="sans-serif" font-size="13" fill="#ffffff" text-anchor="middle">${badge}</text>`,
    `<text x="85" y="94" font-family="monospace" font-size="15" fill="#ffffff" text-anchor="middle">${assetId}</text>`,
    type === 'video' ? PLAY_ICON : '',
    '</svg>',
  ].join('');
}
