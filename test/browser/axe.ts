import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * Runs axe-core in the page and returns the violations of serious or critical impact, each
 * as "rule: help (elements)". The script goes in through the DevTools protocol, which the
 * page's Content-Security-Policy does not govern, so the policy under test stays as served.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const violations = await page.evaluate<Violation[]>('axe.run(document, { resultTypes: ["violations"] }).then((results) => results.violations)');
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}
