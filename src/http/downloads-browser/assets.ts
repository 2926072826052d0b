import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectFile } from '../../project-files.js';
import { CSS, JAVASCRIPT, loadAsset } from '../static-asset.js';
import type { Asset } from '../static-asset.js';

/** `npm run build:web` bundles web/downloads/ here. */
const BUNDLE_DIR = projectFile('dist', 'web');

const FILES: Record<string, string> = { 'downloads.js': JAVASCRIPT, 'downloads.css': CSS };

/** The downloads browser's bundle, read at start-up; a missing build stops the start with what to run. */
export function loadBrowserAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, contentType] of Object.entries(FILES)) {
    const path = join(BUNDLE_DIR, name);
    if (!existsSync(path)) {
      throw new Error(`The downloads browser is not built (${path} is missing): run \`npm run build\`, or set PLAYGROUND=false`);
    }
    assets.set(name, loadAsset(path, contentType));
  }
  return assets;
}
