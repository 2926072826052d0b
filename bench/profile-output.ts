import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isCpuProfile, profileMarkdown, summarizeProfile } from './cpu-profile.js';
import type { TimeWindow } from './measure-cell.js';

/** Reads the profile the gateway wrote on exit, and writes bench/profile-summary.{md,json}. */
export function writeProfileSummary(root: string, profilePath: string, windows: ReadonlyArray<TimeWindow>, context: string): string {
  const profile: unknown = JSON.parse(readFileSync(profilePath, 'utf8'));
  if (!isCpuProfile(profile)) throw new Error(`${profilePath} is not a V8 CPU profile`);
  const summary = summarizeProfile(profile, root, windows);
  const shownPath = relative(root, profilePath);
  const markdown = profileMarkdown(summary, shownPath, context);
  writeFileSync(join(root, 'bench', 'profile-summary.md'), markdown);
  writeFileSync(join(root, 'bench', 'profile-summary.json'), `${JSON.stringify({ profile: shownPath, context, ...summary }, null, 2)}\n`);
  return markdown;
}
