import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectFile } from '../../project-files.js';
import { CSS, JAVASCRIPT, loadAsset } from '../static-asset.js';
import type { Asset } from '../static-asset.js';

/**
 * `npm run build` copies GraphiQL's and React's published bundles here from dev dependencies
 * (scripts/copy-playground-bundles.mjs), so a production install needs none of those packages.
 */
const BUNDLE_DIR = projectFile('dist', 'playground');
const PUBLIC_DIR = projectFile('public');

const FILES: Record<string, { dir: string; contentType: string }> = {
  'react.js': { dir: BUNDLE_DIR, contentType: JAVASCRIPT },
  'react-dom.js': { dir: BUNDLE_DIR, contentType: JAVASCRIPT },
  'graphiql.js': { dir: BUNDLE_DIR, contentType: JAVASCRIPT },
  'graphiql.css': { dir: BUNDLE_DIR, contentType: CSS },
  'playground.js': { dir: PUBLIC_DIR, contentType: JAVASCRIPT },
  'playground.css': { dir: PUBLIC_DIR, contentType: CSS },
};

/** The playground's files, read at start-up: nothing comes from a CDN. A missing build stops the start with what to run. */
export function loadPlaygroundAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, { dir, contentType }] of Object.entries(FILES)) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      throw new Error(`The playground is not built (${path} is missing): run \`npm run build\`, or set PLAYGROUND=false`);
    }
    assets.set(name, loadAsset(path, contentType));
  }
  return assets;
}
