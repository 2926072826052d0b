import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/run` installs; playwright-core only drives it. */
const EXECUTABLE = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Where a test's screenshot goes: test-results/screenshots/ (ignored) on an ordinary run;
 * `npm run docs:screenshots` points it at docs/screenshots/, the committed images the docs show.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.SCREENSHOT_DIR ?? 'test-results/screenshots';
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a new, empty profile directory, removed again on close. */
export async function launchChromium(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'gateway-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: FLAGS,
    viewport: VIEWPORT,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did that a test may forbid: requests elsewhere, console errors, CSP violations. */
export interface PageWatch {
  /** Every request URL, in order. */
  requests: string[];
  /** Requests to origins other than the allowed ones. */
  foreignRequests: string[];
  /** Console errors, uncaught exceptions, failed requests and CSP violations. */
  problems: string[];
}

export async function watchPage(page: Page, allowedOrigins: readonly string[]): Promise<PageWatch> {
  const watch: PageWatch = { requests: [], foreignRequests: [], problems: [] };
  page.on('request', (request) => {
    const url = request.url();
    watch.requests.push(url);
    if (!url.startsWith('data:') && !allowedOrigins.includes(new URL(url).origin)) watch.foreignRequests.push(url);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watch.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => watch.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
  // Chromium also logs CSP violations to the console; the event says exactly which directive.
  await page.exposeFunction('reportCspViolation', (violation: string) => watch.problems.push(`CSP violation: ${violation}`));
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI));");
  return watch;
}
