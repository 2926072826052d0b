// Bundles the downloads browser (web/downloads/) into dist/web/, unless the bundle is newer
// than every file that went into it. `--force` bundles regardless.
import { build } from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { upToDate } from './bundle-freshness.mjs';

const OUT_DIR = 'dist/web';
// Beside dist/web, not in it: the gateway serves what dist/web holds.
const META = 'dist/web-bundle.meta.json';
const ENTRY_POINTS = [
  { in: 'web/downloads/main.ts', out: 'downloads' },
  { in: 'web/downloads/downloads.css', out: 'downloads' },
];
// These decide what the bundle is without being imported by it.
const CONFIG_INPUTS = ['scripts/build-web.mjs', 'scripts/bundle-freshness.mjs', 'package-lock.json'];

if (!process.argv.includes('--force') && (await upToDate(META, CONFIG_INPUTS))) {
  process.stdout.write('build:web: dist/web is up to date, not bundled again\n');
} else {
  const result = await build({
    entryPoints: ENTRY_POINTS,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2020',
    outdir: OUT_DIR,
    metafile: true,
    logLevel: 'warning',
  });
  await writeFile(META, JSON.stringify(result.metafile));
}
