import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isCpuProfile, profileMarkdown, summarizeProfile } from './cpu-profile.js';
import type { TimeWindow } from './measure-cell.js';
import { bundleSourcePositions } from './source-positions.js';

/** Reads the profile the gateway wrote on exit, and writes `<name>.{md,json}` to `outDir`. */
export function writeProfileSummary(root: string, outDir: string, profilePath: string, windows: ReadonlyArray<TimeWindow>, context: string, name: string): string {
  const profile: unknown = JSON.parse(readFileSync(profilePath, 'utf8'));
  if (!isCpuProfile(profile)) throw new Error(`${profilePath} is not a V8 CPU profile`);
  const summary = summarizeProfile(profile, root, windows, bundleSourcePositions());
  const shownPath = relative(root, profilePath);
  const markdown = profileMarkdown(summary, shownPath, context);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.md`), markdown);
  writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify({ profile: shownPath, context, ...summary }, null, 2)}\n`);
  return markdown;
}
