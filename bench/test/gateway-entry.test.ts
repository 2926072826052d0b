import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayEntry } from '../gateway-process.js';

describe('gatewayEntry: what the bench runs in a checkout', () => {
  it('the server bundle where the build made one, and dist/main.js in a baseline built before there was one', () => {
    const root = mkdtempSync(join(tmpdir(), 'gateway-entry-'));
    try {
      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist/main.js'), '');
      expect(gatewayEntry(root)).toBe('dist/main.js');
      mkdirSync(join(root, 'dist/server'));
      writeFileSync(join(root, 'dist/server/main.js'), '');
      expect(gatewayEntry(root)).toBe('dist/server/main.js');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
