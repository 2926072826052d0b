import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectFile, projectRoot } from '../../src/project-files.js';

const scratch = mkdtempSync(join(tmpdir(), 'project-root-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('project files', () => {
  it('finds the root from a module at any depth below it, as a bundle or dist/ puts it', () => {
    const root = join(scratch, 'checkout');
    mkdirSync(join(root, 'dist', 'server', 'chunks'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    expect(projectRoot(join(root, 'dist', 'main.js'))).toBe(root);
    expect(projectRoot(join(root, 'dist', 'server', 'chunks', 'chunk-1.js'))).toBe(root);
  });

  it('says so when nothing above holds a package.json', () => {
    expect(() => projectRoot(join(scratch, 'loose', 'main.js'))).toThrow(/No package.json in any directory above/);
  });

  it("names this checkout's files", () => {
    expect(projectFile('schema')).toBe(join(process.cwd(), 'schema'));
  });
});
