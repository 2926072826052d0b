// `npm run build:playground`: copies the published bundles of GraphiQL and React (dev
// dependencies) into dist/playground/, where the gateway serves them from. A production
// install (`npm ci --omit=dev`) then needs none of those packages.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));
const OUT_DIR = fileURLToPath(new URL('../dist/playground/', import.meta.url));

const BUNDLES = {
  'react.js': join(packageDir('react'), 'umd/react.production.min.js'),
  'react-dom.js': join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.css': join(packageDir('graphiql'), 'graphiql.min.css'),
};

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, source] of Object.entries(BUNDLES)) copyFileSync(source, join(OUT_DIR, name));
