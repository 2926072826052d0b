import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface Asset {
  contentType: string;
  body: Buffer;
  /** Compressed on first request, then kept: GraphiQL's bundle is 3.5 MB and compresses fivefold. */
  gzipped(): Buffer;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

const SOURCES: Record<string, { path: () => string; contentType: string }> = {
  'react.js': { path: () => join(packageDir('react'), 'umd/react.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'react-dom.js': { path: () => join(packageDir('react-dom'), 'umd/react-dom.production.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'graphiql.js': { path: () => join(packageDir('graphiql'), 'graphiql.min.js'), contentType: 'text/javascript; charset=utf-8' },
  'graphiql.css': { path: () => join(packageDir('graphiql'), 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  'playground.js': { path: () => join(PUBLIC_DIR, 'playground.js'), contentType: 'text/javascript; charset=utf-8' },
  'playground.css': { path: () => join(PUBLIC_DIR, 'playground.css'), contentType: 'text/css; charset=utf-8' },
};

/** The playground's files, read from installed npm packages at start-up: nothing comes from a CDN. */
export function loadPlaygroundAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, source] of Object.entries(SOURCES)) {
    const body = readFileSync(source.path());
    let gzipped: Buffer | undefined;
    assets.set(name, { contentType: source.contentType, body, gzipped: () => (gzipped ??= gzipSync(body)) });
  }
  return assets;
}
