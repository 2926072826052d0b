// Bundles the downloads browser (web/downloads/) into dist/web/, unless the bundle is newer
// than every file that went into it: esbuild's metafile from the last build lists them, so an
// unchanged tree costs a few stat calls instead of a bundle. `--force` bundles regardless.
import { build } from 'esbuild';
import { readFile, stat, writeFile } from 'node:fs/promises';

const OUT_DIR = 'dist/web';
// Beside dist/web, not in it: the gateway serves what dist/web holds.
const META = 'dist/web-bundle.meta.json';
const ENTRY_POINTS = [
  { in: 'web/downloads/main.ts', out: 'downloads' },
  { in: 'web/downloads/downloads.css', out: 'downloads' },
];
// These decide what the bundle is without being imported by it.
const CONFIG_INPUTS = ['scripts/build-web.mjs', 'package-lock.json'];

async function mtime(path) {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** True when the outputs of the last build exist and are newer than all of its inputs. */
async function upToDate() {
  let meta;
  try {
    meta = JSON.parse(await readFile(META, 'utf8'));
  } catch {
    return false;
  }
  const outputs = await Promise.all(Object.keys(meta.outputs).map(mtime));
  if (outputs.some((time) => time === undefined)) return false;
  const inputs = await Promise.all([...Object.keys(meta.inputs), ...CONFIG_INPUTS].map(mtime));
  if (inputs.some((time) => time === undefined)) return false;
  return Math.max(...inputs) < Math.min(...outputs);
}

if (!process.argv.includes('--force') && (await upToDate())) {
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
