import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { startStack } from '../integration/harness.js';
import type { Stack } from '../integration/harness.js';
import { launchChromium, screenshotPath, watchPage } from './chromium.js';
import type { Browser, PageWatch } from './chromium.js';

const SCREENSHOT = 'downloads-browser.png';
const PAGE_SIZE = 24;

describe('the downloads browser in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let summary: Locator;
  let cards: Locator;

  /** Polls the summary line until it satisfies the test; each answer rewrites it. */
  async function summaryWhen(accept: (text: string) => boolean): Promise<string> {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 25))) {
      const text = await summary.innerText();
      if (accept(text)) return text;
    }
    throw new Error(`the summary is still "${await summary.innerText()}"`);
  }
  const nextSummary = (previous: string) => summaryWhen((text) => text !== previous && !text.startsWith('Loading'));

  const ids = () => cards.evaluateAll((items) => items.map((item) => item.getAttribute('data-id')));
  const total = (text: string) => Number(/of ([\d,]+) downloads?/.exec(text)?.[1]?.replace(/,/g, ''));

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.context.newPage();
    // Thumbnails come from the sandbox's own port, the one other origin the page's CSP allows.
    watch = await watchPage(page, [new URL(stack.url).origin, new URL(stack.sandbox.url).origin]);
    summary = page.locator('#summary');
    cards = page.locator('#grid > li.card');
    await page.goto(`${stack.url}/`);
    await nextSummary('');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows a grid of downloads with thumbnails, dates, product types and who downloaded, and the total', async () => {
    const { body } = await stack.graphql(`{ downloads(first: ${PAGE_SIZE}) { totalCount nodes { thumbnailUrl } } }`);
    const expected = (body.data as { downloads: { totalCount: number; nodes: Array<{ thumbnailUrl: string | null }> } }).downloads;
    expect(await summary.innerText()).toBe(`Showing 1–${PAGE_SIZE} of ${expected.totalCount} downloads`);
    await expect(cards.count()).resolves.toBe(PAGE_SIZE);

    const first = cards.first();
    await expect(first.locator('img').getAttribute('alt')).resolves.toMatch(/^(Image|Video) \d+$/);
    await expect(first.locator('.downloaded-at').innerText()).resolves.toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);
    await expect(first.locator('.product-type').innerText()).resolves.toMatch(/\w/);
    await expect(first.locator('.downloaded-by').innerText()).resolves.toBe('Alice Wong');
    // Every thumbnail actually rendered: the CSP let it in and the sandbox served it.
    await page.waitForFunction('[...document.images].every((image) => image.complete)');
    const widths = await page.locator('#grid img').evaluateAll((images) => images.map((image) => (image as { naturalWidth: number }).naturalWidth));
    const withThumbnail = expected.nodes.filter((node) => node.thumbnailUrl !== null).length;
    expect(withThumbnail).toBeGreaterThan(PAGE_SIZE / 2);
    expect(widths).toHaveLength(withThumbnail);
    expect(widths.every((width) => width === 170)).toBe(true);
    await expect(page.getByRole('img', { name: /: no preview$/ }).count()).resolves.toBe(PAGE_SIZE - withThumbnail);

    await page.screenshot({ path: screenshotPath(SCREENSHOT), fullPage: false });
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('filters by product type: the total changes and every item has that type', async () => {
    const before = await summary.innerText();
    const label = (await cards.locator('.product-type').allInnerTexts()).find((type) => type !== 'Unknown product');
    if (label === undefined) throw new Error('no item on the first page has a known product type');
    await page.getByLabel('Product type').selectOption({ label });
    const after = await nextSummary(before);
    expect(total(after)).toBeLessThan(total(before));
    expect(total(after)).toBeGreaterThan(0);
    const types = await cards.locator('.product-type').allInnerTexts();
    expect(types.length).toBe(Math.min(PAGE_SIZE, total(after)));
    expect(new Set(types)).toEqual(new Set([label]));

    await page.getByLabel('Product type').selectOption({ label: 'All product types' });
    expect(await nextSummary(after)).toBe(before);
  });

  it('pages forward and back by cursors', async () => {
    const firstPage = await ids();
    const firstSummary = await summary.innerText();
    await page.getByRole('button', { name: 'Next page' }).click();
    const secondSummary = await nextSummary(firstSummary);
    expect(secondSummary).toMatch(new RegExp(`^Showing ${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of `));
    const secondPage = await ids();
    expect(secondPage).toHaveLength(PAGE_SIZE);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

    await page.getByRole('button', { name: 'Previous page' }).click();
    expect(await nextSummary(secondSummary)).toBe(firstSummary);
    expect(await ids()).toEqual(firstPage);
    await expect(page.getByRole('button', { name: 'Previous page' }).isDisabled()).resolves.toBe(true);
  });

  it('filters by company downloads and by date range', async () => {
    const before = await summary.innerText();
    await page.getByLabel('Company downloads').check();
    const company = await nextSummary(before);
    expect(total(company)).toBeGreaterThan(total(before));
    const people = new Set(await cards.locator('.downloaded-by').allInnerTexts());
    expect(people.size).toBeGreaterThan(1);

    // The last week: the demo data has a few downloads a day, so it is never empty, and it is shorter than the default 30 days.
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(day(6));
    await page.getByLabel('To', { exact: true }).fill(day(0));
    const week = await nextSummary(company);
    expect(total(week)).toBeLessThan(total(company));
    expect(total(week)).toBeGreaterThan(0);
    const dates = await cards.locator('time').evaluateAll((times) => times.map((time) => (time.getAttribute('datetime') ?? '').slice(0, 10)));
    expect(dates.length).toBe(Math.min(PAGE_SIZE, total(week)));
    expect(dates.every((date) => date >= day(6) && date <= day(0))).toBe(true);

    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByLabel('Company downloads').uncheck();
    await summaryWhen((text) => text === before);
  });

  it('shows a GraphQL error as a readable message with its code: a bad demo bearer is UNAUTHENTICATED', async () => {
    const before = await summary.innerText();
    const token = page.getByLabel(/^Bearer token/);
    await token.fill('sandbox-nobody');
    await token.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.locator('.error-code').first().innerText()).resolves.toBe('UNAUTHENTICATED');
    await expect(alert.innerText()).resolves.toMatch(/UNAUTHENTICATED: .*token/i);
    expect(await nextSummary(before)).toBe('The downloads could not be loaded.');
    await expect(cards.count()).resolves.toBe(0);

    await token.fill('sandbox-bob');
    await token.press('Enter');
    await alert.waitFor({ state: 'hidden' });
    await expect(cards.first().locator('.downloaded-by').innerText()).resolves.toBe('Bob Kowalski');
    expect(watch.foreignRequests).toEqual([]);
  });
});
