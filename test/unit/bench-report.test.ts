import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resultsSection, SECTION_END, SECTION_START, withResultsSection } from '../../bench/results-section.js';
import { readSavedResults } from '../../bench/saved-results.js';

describe('the figures in docs/performance.md', () => {
  it('are the committed bench results, rendered: run `npm run bench:report` when this fails', () => {
    const page = readFileSync('docs/performance.md', 'utf8');
    const section = resultsSection(readSavedResults('.'));
    expect(page).toContain(section);
    expect(withResultsSection(page, section)).toBe(page);
  });

  it('replaces only what lies between the markers', () => {
    const page = `before\n${SECTION_START}\nold figures\n${SECTION_END}\nafter\n`;
    expect(withResultsSection(page, `${SECTION_START}\nnew\n${SECTION_END}`)).toBe(`before\n${SECTION_START}\nnew\n${SECTION_END}\nafter\n`);
    expect(() => withResultsSection('no markers', 'x')).toThrow(/markers/);
  });
});
