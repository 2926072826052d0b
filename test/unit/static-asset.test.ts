import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadAsset, versionedUrls } from '../../src/http/static-asset.js';

describe('static assets', () => {
  it('version URLs by content, so a rebuilt bundle gets a new URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asset-'));
    const file = (name: string, content: string) => {
      writeFileSync(join(dir, name), content);
      return loadAsset(join(dir, name), 'text/javascript');
    };
    const before = versionedUrls('/app', new Map([['app.js', file('a.js', 'console.log(1)')]]));
    const after = versionedUrls('/app', new Map([['app.js', file('b.js', 'console.log(2)')]]));
    const same = versionedUrls('/app', new Map([['app.js', file('c.js', 'console.log(1)')]]));
    expect(before('app.js')).toMatch(/^\/app\/app\.js\?v=[0-9a-f]{12}$/);
    expect(after('app.js')).not.toBe(before('app.js'));
    expect(same('app.js')).toBe(before('app.js'));
    expect(() => before('other.js')).toThrow(/No asset named other\.js/);
  });

  it('keeps a gzipped copy that unzips to the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asset-'));
    writeFileSync(join(dir, 'x.css'), 'body { margin: 0 }'.repeat(50));
    const asset = loadAsset(join(dir, 'x.css'), 'text/css');
    expect(gunzipSync(asset.gzipped()).equals(asset.body)).toBe(true);
    expect(asset.gzipped()).toBe(asset.gzipped());
  });
});
