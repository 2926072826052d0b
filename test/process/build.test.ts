import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import type { SourceMapPayload } from 'node:module';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The line of src/startup-banner.ts that names the GraphQL endpoint, counted from 1. */
const bannerLine = () =>
  readFileSync('src/startup-banner.ts', 'utf8')
    .split('\n')
    .findIndex((line) => line.includes('GraphQL endpoint: ')) + 1;
const mtimes = (paths: string[], root = '.') => Promise.all(paths.map(async (path) => (await stat(join(root, path))).mtimeMs));

/** Runs `use` in a new directory holding the bundle script, this tree's packages and an empty dist/, then removes it. */
async function inBundleRoot(use: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'gateway-bundle-'));
  try {
    for (const path of ['scripts', 'package-lock.json']) await cp(path, join(root, path), { recursive: true });
    await symlink(resolve('node_modules'), join(root, 'node_modules'));
    await mkdir(join(root, 'dist'));
    await use(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** `npm start` builds first; a build of an unchanged tree must not compile or bundle again. */
describe('npm run build skips what is up to date', () => {
  it('a second build (after the one npm test made) rewrites nothing', async () => {
    const outputs = [
      'dist/main.js',
      'dist/gateway.js',
      'dist/http/server.js',
      'dist/server/main.js',
      'dist/server/main.js.map',
      'dist/web/downloads.js',
      'dist/web/downloads.css',
    ];
    const before = await mtimes(outputs);
    const { stdout } = await run('npm', ['run', '-s', 'build'], { env: process.env });
    expect(stdout).toContain('bundle:server: dist/server is up to date, not bundled again');
    expect(stdout).toContain('build:web: dist/web is up to date, not bundled again');
    expect(await mtimes(outputs)).toEqual(before);
  }, 120_000);

  it("the server bundle's source map leads through tsc's maps back to src/, for `node --enable-source-maps`", async () => {
    const code = await readFile('dist/server/main.js', 'utf8');
    const at = code.indexOf('GraphQL endpoint: ');
    expect(at).toBeGreaterThan(-1);
    const before = code.slice(0, at);
    const map = new SourceMap(JSON.parse(await readFile('dist/server/main.js.map', 'utf8')) as SourceMapPayload);
    // Zero-based, as SourceMap counts: the banner's line in src/startup-banner.ts.
    const entry = map.findEntry(before.split('\n').length - 1, at - before.lastIndexOf('\n') - 1);
    expect(entry).toMatchObject({ originalSource: '../../src/startup-banner.ts', originalLine: bannerLine() - 1 });
  });

  it('the web bundle is made again when one of its inputs changes, and only then', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gateway-build-'));
    try {
      for (const path of ['web', 'scripts', 'package-lock.json']) await cp(path, join(root, path), { recursive: true });
      await symlink(resolve('node_modules'), join(root, 'node_modules'));
      const bundle = (args: string[] = []) => run(process.execPath, ['scripts/build-web.mjs', ...args], { cwd: root });
      const outputs = ['dist/web/downloads.js', 'dist/web/downloads.css'];

      expect((await bundle()).stdout).toBe('');
      const first = await mtimes(outputs, root);
      expect((await bundle()).stdout).toContain('up to date');
      expect(await mtimes(outputs, root)).toEqual(first);

      // An input newer than the bundle: a module the entry point imports.
      const later = new Date(Math.max(...first) + 5_000);
      await utimes(join(root, 'web/downloads/labels.ts'), later, later);
      expect((await bundle()).stdout).toBe('');
      const second = await mtimes(outputs, root);
      expect(second[0]).toBeGreaterThan(first[0]!);
      expect(await readFile(join(root, 'dist/web/downloads.js'), 'utf8')).toContain('Easy Access');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);

  it("the server bundle hashes with Node's crypto where a package would find it only outside a bundle", async () => {
    await inBundleRoot(async (root) => {
      // Apollo Server hashes every request's query through this package.
      await writeFile(join(root, 'dist/main.js'), "import { createHash } from '@apollo/utils.createhash';\nconsole.log(createHash('sha256').constructor.name);\n");
      await run(process.execPath, ['scripts/bundle-server.mjs', '--force'], { cwd: root });
      const { stdout } = await run(process.execPath, [join(root, 'dist/server/main.js')]);
      // node:crypto's Hash, not sha.js's Sha256.
      expect(stdout.trim()).toBe('Hash');
    });
  }, 120_000);

  it('the server bundle is not kept when esbuild warns: a require it cannot follow is a module missing at run time', async () => {
    await inBundleRoot(async (root) => {
      await writeFile(join(root, 'dist/main.js'), "import { answer } from './answer.cjs';\nconsole.log(answer);\n");
      const bundle = (args = ['--force']) => run(process.execPath, ['scripts/bundle-server.mjs', ...args], { cwd: root });

      // The same entry bundles when every require names its module.
      await writeFile(join(root, 'dist/answer.cjs'), "exports.answer = require('node:os').EOL.length;\n");
      await bundle();
      expect(await readFile(join(root, 'dist/server/main.js'), 'utf8')).toContain('EOL');

      // esbuild bundles every file a require's pattern matches; here none does, so it warns.
      await writeFile(join(root, 'dist/answer.cjs'), "exports.answer = require('./answer-' + process.env.ANSWER).answer;\n");
      await expect(bundle()).rejects.toMatchObject({ stderr: expect.stringContaining('the bundle was not kept') });
      await expect(stat(join(root, 'dist/server'))).rejects.toMatchObject({ code: 'ENOENT' });
      // Nor does the next build take the last good bundle's metafile for a bundle that is up to date.
      await expect(bundle([])).rejects.toMatchObject({ stderr: expect.stringContaining('the bundle was not kept') });
    });
  }, 120_000);
});
