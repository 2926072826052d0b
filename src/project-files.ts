import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest directory above `from` that holds a package.json: the checkout's root. Found
 * rather than counted in `../` steps, so a module reaches the project's files (schema/,
 * public/, the built pages) from wherever the build puts it.
 */
export function projectRoot(from: string): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json in any directory above ${from}.`);
  }
}

const ROOT = projectRoot(fileURLToPath(import.meta.url));

/** A path inside the checkout, from its root: `projectFile('schema')`. */
export function projectFile(...segments: string[]): string {
  return join(ROOT, ...segments);
}
