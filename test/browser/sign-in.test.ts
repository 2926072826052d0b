import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startStack } from '../integration/harness.js';
import type { Stack } from '../integration/harness.js';
import { seriousAccessibilityViolations } from './axe.js';
import { launchChromium, screenshotPath, watchPage } from './chromium.js';
import type { Browser, PageWatch } from './chromium.js';

/** One request as the page sent it: everything a token could ride in. */
interface SentRequest {
  url: string;
  headers: string;
  body: string;
}

describe('signing in to the downloads browser through the sandbox sign-in page, in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const sent: SentRequest[] = [];

  const summaryText = () => page.locator('#summary').innerText();
  async function waitForSummary(accept: (text: string) => boolean): Promise<string> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await page.waitForTimeout(25)) {
      const text = await summaryText();
      if (accept(text)) return text;
    }
    throw new Error(`the summary is still "${await summaryText()}"`);
  }
  const loaded = () => waitForSummary((text) => text.startsWith('Showing'));
  const downloadedBy = () => page.locator('#grid > li.card .downloaded-by').allInnerTexts();
  const totalOf = async (token: string) => {
    const { body } = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${token}` });
    return (body.data as { downloads: { totalCount: number } }).downloads.totalCount;
  };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.context.newPage();
    watch = await watchPage(page, [new URL(stack.url).origin, new URL(stack.sandbox.url).origin]);
    page.on('request', (request) => {
      sent.push({ url: request.url(), headers: JSON.stringify(request.headers()), body: request.postData() ?? '' });
    });
    await page.goto(`${stack.url}/`);
    await loaded();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("signs in as a demo user on the sandbox's page and shows that user's downloads, never holding a token", async () => {
    // Not signed in: the sandbox's service account (alice.w) answers, and the page offers Sign in.
    expect(new Set(await downloadedBy())).toEqual(new Set(['Alice Wong']));
    await expect(page.locator('#signed-in-as').innerText()).resolves.toBe('');
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(false);

    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.href.startsWith(stack.sandbox.authorizeUrl));
    await page.getByLabel('Sam Ortega (sam.solo)').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.locator('#signed-in-as').filter({ hasText: 'Signed in as Sam Ortega' }).waitFor();
    const summary = await loaded();
    expect(summary).toMatch(new RegExp(`of ${await totalOf('sandbox-sam')} downloads?$`));
    expect(new Set(await downloadedBy())).toEqual(new Set(['Sam Ortega']));
    await expect(page.getByRole('link', { name: 'Sign in' }).isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('downloads-browser-signed-in.png'), fullPage: false });

    const secrets = [...stack.sandbox.issuedTokens(), ...stack.sandbox.demoUsers.map((user) => user.bearerToken)];
    expect(stack.sandbox.issuedTokens().length).toBeGreaterThanOrEqual(3); // the service account's token and refresh token, Sam's
    const html = await page.content();
    const storage = await page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie })');
    expect(JSON.parse(storage)).toEqual({ local: {}, session: {}, cookies: '' });
    const cookies = await browser.context.cookies(stack.url);
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([['gateway-session', true, 'Lax']]);
    expect(sent.length).toBeGreaterThan(5);
    for (const secret of secrets) {
      expect(html).not.toContain(secret);
      expect(cookies[0]?.value).not.toBe(secret);
      for (const request of sent)
        expect({ url: request.url, leaks: `${request.url} ${request.headers} ${request.body}`.includes(secret) }).toEqual({ url: request.url, leaks: false });
    }
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('passes an axe-core audit while signed in', async () => {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('signs out: the header offers Sign in again, the cookie is gone and the service account answers', async () => {
    const before = await summaryText();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await expect(page.locator('#signed-in-as').innerText()).resolves.toBe('');
    await waitForSummary((text) => text !== before && text.startsWith('Showing'));
    expect(new Set(await downloadedBy())).toEqual(new Set(['Alice Wong']));
    expect(await browser.context.cookies(stack.url)).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('shows an ended session as UNAUTHENTICATED with the way back in', async () => {
    await browser.context.addCookies([{ name: 'gateway-session', value: 'ended-or-never-was', url: stack.url, httpOnly: true, sameSite: 'Lax' }]);
    await page.reload();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.locator('.error-code').first().innerText()).resolves.toBe('UNAUTHENTICATED');
    await expect(alert.innerText()).resolves.toMatch(/sign in again at \/auth\/login/);
    await expect(page.getByRole('link', { name: 'Sign in' }).isVisible()).resolves.toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await browser.context.clearCookies();
  });
});
