import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { startStack } from '../integration/harness.js';
import type { Stack } from '../integration/harness.js';
import { seriousAccessibilityViolations } from './axe.js';
import { launchChromium, screenshotPath, watchPage } from './chromium.js';
import type { Browser, PageWatch } from './chromium.js';

/** What the page functions read from elements: the tests' tsconfig has no DOM types. */
interface Attributes {
  getAttribute(name: string): string | null;
}
interface Boxed {
  getBoundingClientRect(): { top: number; bottom: number };
}

const SCREENSHOT = 'downloads-browser.png';
/** For looking at, never committed: test-results/ is ignored. */
const SCREENSHOT_PAGED = 'test-results/screenshots/downloads-browser-paged.png';
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

  const ids = () => cards.evaluateAll((items: Attributes[]) => items.map((item) => item.getAttribute('data-id')));
  const apply = () => page.getByRole('button', { name: 'Apply filters' }).click();
  const query = () => new URL(page.url()).searchParams;
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
    // Filters apply together, when the form is submitted, never on change alone.
    await page.waitForTimeout(300);
    expect(await summary.innerText()).toBe(before);
    await apply();
    const after = await nextSummary(before);
    expect(total(after)).toBeLessThan(total(before));
    expect(total(after)).toBeGreaterThan(0);
    const types = await cards.locator('.product-type').allInnerTexts();
    expect(types.length).toBe(Math.min(PAGE_SIZE, total(after)));
    expect(new Set(types)).toEqual(new Set([label]));

    await page.getByLabel('Product type').selectOption({ label: 'All product types' });
    await apply();
    expect(await nextSummary(after)).toBe(before);
  });

  it('pages forward and back by cursors', async () => {
    const firstPage = await ids();
    const firstSummary = await summary.innerText();
    await page.locator('#next').click();
    const secondSummary = await nextSummary(firstSummary);
    expect(secondSummary).toMatch(new RegExp(`^Showing ${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of `));
    const secondPage = await ids();
    expect(secondPage).toHaveLength(PAGE_SIZE);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

    await page.locator('#previous-top').click();
    expect(await nextSummary(secondSummary)).toBe(firstSummary);
    expect(await ids()).toEqual(firstPage);
    await expect(page.locator('#previous').isDisabled()).resolves.toBe(true);
    await expect(page.locator('#previous-top').isDisabled()).resolves.toBe(true);
  });

  it('filters by company downloads and by date range', async () => {
    const before = await summary.innerText();
    await page.getByLabel('Company downloads').check();
    await apply();
    const company = await nextSummary(before);
    expect(total(company)).toBeGreaterThan(total(before));
    const people = new Set(await cards.locator('.downloaded-by').allInnerTexts());
    expect(people.size).toBeGreaterThan(1);

    // The last week: the demo data has a few downloads a day, so it is never empty, and it is shorter than the default 30 days.
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(day(6));
    await page.getByLabel('To', { exact: true }).fill(day(0));
    await apply();
    const week = await nextSummary(company);
    expect(total(week)).toBeLessThan(total(company));
    expect(total(week)).toBeGreaterThan(0);
    const dates = await cards.locator('time').evaluateAll((times: Attributes[]) => times.map((time) => (time.getAttribute('datetime') ?? '').slice(0, 10)));
    expect(dates.length).toBe(Math.min(PAGE_SIZE, total(week)));
    expect(dates.every((date) => date >= day(6) && date <= day(0))).toBe(true);

    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await page.getByLabel('Company downloads').uncheck();
    await apply();
    await summaryWhen((text) => text === before);
  });

  it('keeps filters, page and cursor in the URL: Back, Forward, reload and a shared link show the same page', async () => {
    const unfiltered = await summary.innerText();
    expect(page.url()).toBe(`${stack.url}/`);
    await page.getByLabel('Company downloads').check();
    await apply();
    const company = await nextSummary(unfiltered);
    expect(Object.fromEntries(query())).toEqual({ company: '1' });
    const companyIds = await ids();

    await page.locator('#next').click();
    const second = await nextSummary(company);
    expect(second).toMatch(new RegExp(`^Showing ${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of `));
    expect(query().get('page')).toBe('2');
    expect(query().get('after')).toMatch(/\w/);
    const secondIds = await ids();
    const secondUrl = page.url();

    await page.goBack();
    expect(await nextSummary(second)).toBe(company);
    expect(await ids()).toEqual(companyIds);
    expect(Object.fromEntries(query())).toEqual({ company: '1' });
    await expect(page.getByLabel('Company downloads').isChecked()).resolves.toBe(true);

    await page.goForward();
    expect(await nextSummary(company)).toBe(second);
    expect(await ids()).toEqual(secondIds);

    await page.reload();
    await summaryWhen((text) => text === second);
    expect(await ids()).toEqual(secondIds);
    await expect(page.getByLabel('Company downloads').isChecked()).resolves.toBe(true);

    const shared = await browser.context.newPage();
    try {
      await shared.goto(secondUrl);
      const sharedSummary = shared.locator('#summary');
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && (await sharedSummary.innerText()) !== second;) await shared.waitForTimeout(25);
      expect(await sharedSummary.innerText()).toBe(second);
      expect(await shared.locator('#grid > li.card').evaluateAll((items: Attributes[]) => items.map((item) => item.getAttribute('data-id')))).toEqual(secondIds);
    } finally {
      await shared.close();
    }

    await page.goBack();
    await page.goBack();
    await summaryWhen((text) => text === unfiltered);
    expect(page.url()).toBe(`${stack.url}/`);
    await expect(page.getByLabel('Company downloads').isChecked()).resolves.toBe(false);
  });

  it('after paging from the pager below the grid, the top of the new results is in view, with focus', async () => {
    const before = await summary.innerText();
    const bottom = page.locator('#next');
    await bottom.scrollIntoViewIfNeeded();
    expect(await summary.evaluate((element: Boxed) => element.getBoundingClientRect().bottom)).toBeLessThan(0);
    await bottom.focus();
    await page.keyboard.press('Enter');
    await nextSummary(before);
    // The results' top edge sits at the top of the viewport, give or take its scroll margin.
    const top = await page.locator('#results').evaluate((element: Boxed) => element.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(20);
    await expect(page.locator('#next-top').isVisible()).resolves.toBe(true);
    expect(await page.evaluate('document.activeElement?.id')).toBe('summary');
    await page.screenshot({ path: SCREENSHOT_PAGED, fullPage: false });
    await page.goBack();
    await summaryWhen((text) => text === before);
  });

  it('works from the keyboard alone, with a visible focus on every control', async () => {
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const reached: Array<{ id: string; outline: string }> = [];
    for (let i = 0; i < 20; i += 1) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate<{ id: string; outline: string }>(`(() => {
        const active = document.activeElement;
        const style = active === null ? null : getComputedStyle(active);
        return { id: active?.id || active?.tagName || '', outline: style === null ? 'none' : style.outlineStyle + ' ' + style.outlineWidth };
      })()`),
      );
    }
    const controls = ['sign-in', 'from', 'to', 'product-type', 'company-downloads'];
    for (const id of controls) expect(reached.map((entry) => entry.id)).toContain(id);
    expect(reached.map((entry) => entry.id)).toContain('next-top');
    for (const entry of reached.filter((item) => item.id !== 'BODY')) {
      expect({ id: entry.id, outline: entry.outline }).toEqual({ id: entry.id, outline: expect.stringMatching(/^solid [1-9]/) });
    }

    const before = await summary.innerText();
    await page.locator('#company-downloads').focus();
    await page.keyboard.press('Space');
    while ((await page.evaluate('document.activeElement?.textContent')) !== 'Apply filters') await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const company = await nextSummary(before);
    expect(total(company)).toBeGreaterThan(total(before));
    expect(query().get('company')).toBe('1');
    await page.goBack();
    await summaryWhen((text) => text === before);
  });

  it('passes an axe-core audit with no serious or critical violations, with results and with an error shown', async () => {
    await page.waitForFunction('[...document.images].every((image) => image.complete)');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${stack.url}/?page=2&after=bm9wZQ`);
    await page.getByRole('alert').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${stack.url}/`);
    await nextSummary('');
  });
});
