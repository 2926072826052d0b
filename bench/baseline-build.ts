import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The A of an A/B run: another commit's tree, built apart from this one. */
export interface BaselineBuild {
  ref: string;
  commit: string;
  /** Its checkout, holding its built gateway and the package.json whose nodeFlags it runs with. */
  root: string;
  /** `symlink` when its package-lock.json equals this tree's, `npm ci` otherwise. */
  dependencies: 'symlink' | 'npm ci';
}

/** Under the system's temporary folder, one checkout per commit, kept between runs: a commit's build never changes. */
export const BASELINES = join(tmpdir(), 'getty-gateway-bench-baselines');
const BUILT_MARK = '.bench-built';

/**
 * Exports `ref`'s tracked files with `git archive` (no worktree is registered in the shared
 * .git), links this tree's node_modules when the lock files are identical or runs `npm ci`,
 * then `npm run build`. A checkout already built for the same commit is reused.
 */
export function prepareBaseline(root: string, ref: string, log: (line: string) => void, baselines = BASELINES): BaselineBuild {
  const commit = revParse(root, ref);
  const dir = join(baselines, commit);
  const sameLock = git(root, 'show', `${commit}:package-lock.json`) === readFileSync(join(root, 'package-lock.json'), 'utf8');
  const dependencies = sameLock ? 'symlink' : 'npm ci';
  if (existsSync(join(dir, BUILT_MARK))) {
    log(`A/B: baseline ${ref} (${commit.slice(0, 12)}) already built in ${dir}`);
    return { ref, commit, root: dir, dependencies };
  }
  log(`A/B: exporting ${ref} (${commit.slice(0, 12)}) to ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "$1" archive "$2" | tar -x -C "$3"`, 'sh', root, commit, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (sameLock) {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } else {
    log("A/B: its package-lock.json differs from this tree's: npm ci");
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  log('A/B: building the baseline (npm run build)');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(join(dir, BUILT_MARK), `${commit}\n`);
  return { ref, commit, root: dir, dependencies };
}

function revParse(root: string, ref: string): string {
  try {
    return git(root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`).trim();
  } catch {
    throw new Error(`--ab ${ref}: git knows no such commit, branch or tag here`);
  }
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}
