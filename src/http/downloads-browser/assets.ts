import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CSS, JAVASCRIPT, loadAsset } from '../static-asset.js';
import type { Asset } from '../static-asset.js';

/** `npm run build:web` bundles web/downloads/ here; the path holds from src/ and dist/ alike. */
const BUNDLE_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

const FILES: Record<string, string> = { 'downloads.js': JAVASCRIPT, 'downloads.css': CSS };

/** The downloads browser's bundle, read at start-up; a missing build stops the start with what to run. */
export function loadBrowserAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, contentType] of Object.entries(FILES)) {
    const path = `${BUNDLE_DIR}${name}`;
    if (!existsSync(path)) {
      throw new Error(`The downloads browser is not built (${path} is missing): run \`npm run build\`, or set PLAYGROUND=false`);
    }
    assets.set(name, loadAsset(path, contentType));
  }
  return assets;
}
