import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSS, JAVASCRIPT, loadAsset } from '../static-asset.js';
import type { Asset } from '../static-asset.js';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

const SOURCES: Record<string, { path: () => string; contentType: string }> = {
  'react.js': { path: () => join(packageDir('react'), 'umd/react.production.min.js'), contentType: JAVASCRIPT },
  'react-dom.js': { path: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), contentType: JAVASCRIPT },
  'graphiql.js': { path: () => join(packageDir('graphiql'), 'graphiql.min.js'), contentType: JAVASCRIPT },
  'graphiql.css': { path: () => join(packageDir('graphiql'), 'graphiql.min.css'), contentType: CSS },
  'playground.js': { path: () => join(PUBLIC_DIR, 'playground.js'), contentType: JAVASCRIPT },
  'playground.css': { path: () => join(PUBLIC_DIR, 'playground.css'), contentType: CSS },
};

/** The playground's files, read from installed npm packages at start-up: nothing comes from a CDN. */
export function loadPlaygroundAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, source] of Object.entries(SOURCES)) assets.set(name, loadAsset(source.path(), source.contentType));
  return assets;
}
