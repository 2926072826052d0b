import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareBaseline } from '../baseline-build.js';

/** A repository whose build writes dist/main.js and counts its runs in builds.log, two folders up from the checkout. */
function makeRepository(dir: string): void {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const manifest = { name: 'ab-fixture', private: true, scripts: { build: 'node build.cjs' } };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(
    join(dir, 'build.cjs'),
    "const fs = require('fs'); fs.mkdirSync('dist', { recursive: true }); fs.writeFileSync('dist/main.js', 'built'); fs.appendFileSync('../../builds.log', 'x');\n",
  );
  writeFileSync(join(dir, 'version.txt'), 'one\n');
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'one');
  git('tag', 'first');
  writeFileSync(join(dir, 'version.txt'), 'two\n');
  git('commit', '-q', '-am', 'two');
}

describe('A/B baseline build', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-ab-test-'));
  const repository = join(scratch, 'repo');
  const baselines = join(scratch, 'baselines');
  const buildLog = join(scratch, 'builds.log');
  mkdirSync(repository);
  makeRepository(repository);
  writeFileSync(buildLog, '');
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("exports the ref's files apart, links node_modules when the lock files match, and builds once per commit", () => {
    const lines: string[] = [];
    const first = prepareBaseline(repository, 'first', (line) => lines.push(line), baselines);
    expect(first.root).toBe(join(baselines, first.commit));
    expect(readFileSync(join(first.root, 'version.txt'), 'utf8')).toBe('one\n');
    expect(readFileSync(join(first.root, 'dist', 'main.js'), 'utf8')).toBe('built');
    expect(first.dependencies).toBe('symlink');
    expect(lstatSync(join(first.root, 'node_modules')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(first.root, '.git'))).toBe(false);

    const again = prepareBaseline(repository, first.commit, (line) => lines.push(line), baselines);
    expect(again.root).toBe(first.root);
    expect(readFileSync(buildLog, 'utf8')).toBe('x');
    expect(lines.at(-1)).toMatch(/already built/);
  });

  it('names a ref git does not know', () => {
    expect(() => prepareBaseline(repository, 'no-such-branch', () => undefined, baselines)).toThrow(/--ab no-such-branch: git knows no such commit/);
  });
});
