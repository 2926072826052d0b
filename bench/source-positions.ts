import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import type { SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Where a profiled function came from: its file as a URL, and its zero-based line. */
export interface SourcePosition {
  url: string;
  line: number;
}

/** Maps a position in generated code back to its source; undefined when nothing maps it. */
export type SourcePositions = (url: string, line: number, column: number) => SourcePosition | undefined;

/**
 * Positions in the server bundle mapped back through its source map (esbuild's, chained through
 * tsc's maps to `src/` and through the packages' to `node_modules/`), so a profile of the bundle
 * says which module and package a function belongs to, not only which chunk. Each map is read
 * once; files without one are left as they are.
 */
export function bundleSourcePositions(): SourcePositions {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string): SourceMap | undefined => {
    if (!url.startsWith('file://')) return undefined;
    if (!maps.has(url)) maps.set(url, readMap(fileURLToPath(url)));
    return maps.get(url);
  };
  return (url, line, column) => {
    const map = mapOf(url);
    const entry = map?.findEntry(line, column);
    if (entry === undefined || !('originalSource' in entry)) return undefined;
    return { url: new URL(entry.originalSource, url).href, line: entry.originalLine };
  };
}

function readMap(path: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload);
  } catch {
    return undefined;
  }
}
