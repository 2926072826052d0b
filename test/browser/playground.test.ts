import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { startStack } from '../integration/harness.js';
import type { Stack } from '../integration/harness.js';
import { launchChromium, screenshotPath, watchPage } from './chromium.js';
import type { Browser, PageWatch } from './chromium.js';

const SCREENSHOT = 'playground.png';

describe('the playground in headless Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
    page = await browser.context.newPage();
    // The playground needs nothing but the gateway: not even the sandbox's origin.
    watch = await watchPage(page, [new URL(stack.url).origin]);
    await page.goto(`${stack.url}/graphql`);
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('loads from the gateway alone, with the example tabs', async () => {
    const tabs = await page.locator('.graphiql-tab-button').allInnerTexts();
    expect(tabs).toEqual(['FirstPage', 'NextPage', 'PageBackward', 'DateRange', 'ByProductType', 'CompanyDownloads', 'PartialResult', 'ActAsDemoUser']);
    expect(watch.requests.length).toBeGreaterThanOrEqual(7);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('lists the demo users as notes in the Headers editor, and runs with them present', async () => {
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    const headers = page.locator('.graphiql-editor-tool');
    await headers
      .getByText(`# ${stack.sandbox.demoUsers.at(-1)!.username}`)
      .first()
      .waitFor();
    const notes = await headers.innerText();
    for (const user of stack.sandbox.demoUsers) {
      expect(notes).toContain(`"Bearer ${user.bearerToken}"`);
      expect(notes).toContain(`# ${user.username}`);
    }
    // The notes are keys starting with '#': the playground must leave them out of the request,
    // which then runs as the service account.
    const sent = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/graphql');
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const headersSent = (await sent).headers();
    expect(Object.keys(headersSent).filter((name) => name.startsWith('#'))).toEqual([]);
    expect(headersSent.authorization).toBeUndefined();
    const result = page.locator('.result-window');
    await result.getByText('"totalCount"').waitFor();
    expect(await result.innerText()).not.toContain('"errors"');
    expect(watch.problems).toEqual([]);
  });

  it('runs the example query and shows its data in the result pane', async () => {
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const result = page.locator('.result-window');
    await result.getByText('"totalCount"').waitFor();
    const text = await result.innerText();
    const total = /"totalCount": (\d+)/.exec(text)?.[1];
    const { body } = await stack.graphql('{ downloads { totalCount } }');
    expect(Number(total)).toBe((body.data as { downloads: { totalCount: number } }).downloads.totalCount);
    expect(text).toMatch(/"assetType": "(IMAGE|VIDEO)"/);
    expect(text).not.toContain('"errors"');
  });

  it('finds downloads and Download in the docs explorer, with their descriptions', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const search = page.locator('.graphiql-doc-explorer-search-input input');
    const explorer = page.locator('.graphiql-doc-explorer');

    await search.fill('Download');
    await page.getByRole('option', { name: 'Download', exact: true }).click();
    await expect(explorer.locator('.graphiql-doc-explorer-title').innerText()).resolves.toBe('Download');
    await explorer.getByText('One download event: an asset downloaded by a user').waitFor();

    await search.fill('downloads');
    await page.getByRole('option', { name: 'Query.downloads' }).click();
    await expect(explorer.locator('.graphiql-doc-explorer-title').innerText()).resolves.toBe('downloads');
    await explorer.getByText("The customer's previously downloaded assets, newest first").waitFor();

    await page.screenshot({ path: screenshotPath(SCREENSHOT) });
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.problems).toEqual([]);
  });

  it('shows in the demo-user tab how to act as each demo user, and that header works', async () => {
    await page.locator('.graphiql-tab-button', { hasText: 'ActAsDemoUser' }).click();
    await page.locator('.graphiql-query-editor').getByText('This tab acts as bob.k').waitFor();
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await page.locator('.graphiql-editor-tool').getByText('"authorization"').waitFor();
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const result = page.locator('.result-window');
    await result.getByText('"username"').first().waitFor();
    const usernames = [...(await result.innerText()).matchAll(/"username": "([^"]+)"/g)].map((match) => match[1]);
    expect(usernames.length).toBeGreaterThan(0);
    expect(new Set(usernames)).toEqual(new Set(['bob.k']));
    expect(watch.problems).toEqual([]);
  });

  it("runs a tab's own operation when Execute follows a tab switch at once", async () => {
    // GraphiQL then still holds the previous tab's operation name; the server refuses a name the query lacks.
    await page.locator('.graphiql-tab-button', { hasText: 'ByProductType' }).click();
    const sent = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/graphql');
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const body = JSON.parse((await sent).postData() ?? '{}') as { query?: string; operationName?: string };
    expect(body.query).toContain('query ByProductType');
    expect(body.operationName ?? 'ByProductType').toBe('ByProductType');
    const result = page.locator('.result-window');
    await result.getByText('"EASY_ACCESS"').first().waitFor();
    expect(await result.innerText()).not.toContain('"errors"');
    expect(watch.problems).toEqual([]);
  });
});
