// Bundles the gateway (tsc's output from dist/main.js, with its dependencies) into dist/server/,
// which `npm start` and `npm run serve` run, unless the bundle is newer than every file that
// went into it. `--force` bundles regardless. Why a bundle at all: docs/performance.md, Decisions.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { upToDate } from './bundle-freshness.mjs';

const OUT_DIR = 'dist/server';
const META = 'dist/server-bundle.meta.json';
// These decide what the bundle is without being imported by it.
const CONFIG_INPUTS = ['scripts/bundle-server.mjs', 'scripts/bundle-freshness.mjs', 'package-lock.json'];
// Bundled CommonJS calls `require` for Node's built-ins; an ES module has none of its own.
const REQUIRE_SHIM = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

// Packages that would take a slower path inside a bundle, each replaced by a module of scripts/bundle-shims/ (its comment says why).
const ALIASES = { '@apollo/utils.createhash': './scripts/bundle-shims/apollo-createhash.cjs' };

if (!process.argv.includes('--force') && (await upToDate(META, CONFIG_INPUTS))) {
  process.stdout.write('bundle:server: dist/server is up to date, not bundled again\n');
} else {
  // Chunk names carry a hash: a chunk of an earlier build would otherwise stay beside the new ones.
  await rm(OUT_DIR, { recursive: true, force: true });
  const result = await build({
    entryPoints: ['dist/main.js'],
    bundle: true,
    // The sandbox, the Redis stores and OpenTelemetry stay chunks of their own, loaded only when used.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Shorter names too, not only whitespace: less source for V8 to hold (docs/performance.md).
    minify: true,
    // Maps back through tsc's maps to src/, for stack traces under `node --enable-source-maps`.
    sourcemap: 'linked',
    sourcesContent: false,
    banner: { js: REQUIRE_SHIM },
    alias: ALIASES,
    outdir: OUT_DIR,
    metafile: true,
    logLevel: 'warning',
  });
  // A warning here (a require esbuild could not follow) is a module missing at run time.
  if (result.warnings.length > 0) {
    await rm(OUT_DIR, { recursive: true, force: true });
    throw new Error(`bundle:server: ${result.warnings.length} warning(s) above; the bundle was not kept`);
  }
  await writeFile(META, JSON.stringify(result.metafile));
}
