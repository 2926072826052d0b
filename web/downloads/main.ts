import { readAccount, signInHref, signOut } from './account.js';
import { readBrowserConfig } from './browser-config.js';
import { byId } from './dom.js';
import { DownloadsPageDocument } from './generated/graphql.js';
import { runOperation } from './graphql-client.js';
import type { ShownError } from './graphql-client.js';
import { countLabel, isProductType, PRODUCT_TYPE_LABELS, PRODUCT_TYPES } from './labels.js';
import { pageIndexAfter, pageVariables, rangeText } from './paging.js';
import type { Filters, PageMove } from './paging.js';
import { downloadCard, errorItems } from './render.js';
import type { PageInfo } from './render.js';
import { pageStateSearch, readPageState } from './url-state.js';
import type { PageState } from './url-state.js';

/**
 * The downloads browser: a product-style client of the gateway. The address bar holds the
 * filters, the page number and its cursor, so Back/Forward, reload and a shared link show the
 * same page; the form applies its filters together when submitted; the pagers above and below
 * the grid follow the cursors of the page on screen.
 */
const config = readBrowserConfig(byId('browser-config', HTMLScriptElement).textContent ?? '');
const form = byId('filters', HTMLFormElement);
const from = byId('from', HTMLInputElement);
const to = byId('to', HTMLInputElement);
const productType = byId('product-type', HTMLSelectElement);
const company = byId('company-downloads', HTMLInputElement);
const signedInAs = byId('signed-in-as', HTMLSpanElement);
const signInLink = byId('sign-in', HTMLAnchorElement);
const signOutButton = byId('sign-out', HTMLButtonElement);
const results = byId('results', HTMLElement);
const summary = byId('summary', HTMLParagraphElement);
const errorBox = byId('errors', HTMLDivElement);
const errorList = byId('error-list', HTMLUListElement);
const grid = byId('grid', HTMLUListElement);
const previousButtons = [byId('previous-top', HTMLButtonElement), byId('previous', HTMLButtonElement)];
const nextButtons = [byId('next-top', HTMLButtonElement), byId('next', HTMLButtonElement)];

/** The state on screen, and the cursors of its page once it has loaded. */
let shown: PageState = readPageState(location.search);
let pageInfo: PageInfo | undefined;
/** Only the latest request may paint: an answer to an older one arrives too late to matter. */
let latest = 0;

function fillChoices(): void {
  for (const type of PRODUCT_TYPES) productType.add(new Option(PRODUCT_TYPE_LABELS[type], type));
}

/** The account bar: who is signed in and Sign out, or Sign in when the gateway offers it. */
async function showAccount(): Promise<void> {
  const account = await readAccount();
  signInLink.href = signInHref(location);
  signInLink.hidden = account.signedIn || !account.signInAvailable;
  signOutButton.hidden = !account.signedIn;
  signedInAs.textContent = account.signedIn ? `Signed in as ${account.user ?? 'a Getty customer'}` : '';
}

function readFilters(): Filters {
  return {
    from: from.value,
    to: to.value,
    productType: isProductType(productType.value) ? productType.value : null,
    companyDownloads: company.checked,
  };
}

function showFilters(filters: Filters): void {
  from.value = filters.from;
  to.value = filters.to;
  productType.value = filters.productType ?? '';
  company.checked = filters.companyDownloads;
}

function setPagers(info: PageInfo | undefined): void {
  for (const button of previousButtons) button.disabled = !(info?.hasPreviousPage === true && info.startCursor !== null);
  for (const button of nextButtons) button.disabled = !(info?.hasNextPage === true && info.endCursor !== null);
}

/** Loads and paints a state; `afterwards` runs once it is on screen (errors included). */
async function show(state: PageState, afterwards?: () => void): Promise<void> {
  const request = ++latest;
  shown = state;
  signInLink.href = signInHref(location);
  grid.setAttribute('aria-busy', 'true');
  setPagers(undefined);
  const outcome = await runOperation(config.endpoint, DownloadsPageDocument, pageVariables(state.filters, state.move, config.pageSize));
  if (request !== latest) return;
  grid.setAttribute('aria-busy', 'false');
  const downloads = outcome.ok ? outcome.data.downloads : null;
  if (!outcome.ok || downloads === null) {
    showErrors(outcome.ok ? [{ code: 'BAD_RESPONSE', message: 'The gateway answered without downloads and without an error.' }] : outcome.errors);
  } else {
    pageInfo = downloads.pageInfo;
    showErrors([]);
    grid.replaceChildren(...downloads.nodes.map(downloadCard));
    summary.textContent = rangeText(state.pageIndex, config.pageSize, downloads.nodes.length, downloads.totalCount, countLabel);
    setPagers(pageInfo);
  }
  afterwards?.();
}

function showErrors(errors: ReadonlyArray<ShownError>): void {
  errorBox.hidden = errors.length === 0;
  errorList.replaceChildren(...errorItems(errors));
  if (errors.length === 0) return;
  pageInfo = undefined;
  grid.replaceChildren();
  summary.textContent = 'The downloads could not be loaded.';
}

/** A new state the reader asked for gets its own history entry; the same one again (Apply twice) does not. */
function go(state: PageState, afterwards?: () => void): void {
  const search = pageStateSearch(state);
  if (search === location.search) history.replaceState(null, '', `${location.pathname}${search}`);
  else history.pushState(null, '', `${location.pathname}${search}`);
  void show(state, afterwards);
}

/** After paging, the reader is taken (focus included) to the top of the new results. */
function toResultsTop(): void {
  summary.focus({ preventScroll: true });
  results.scrollIntoView({ block: 'start' });
}

function page(move: PageMove): void {
  go({ filters: shown.filters, pageIndex: pageIndexAfter(shown.pageIndex, move), move }, toResultsTop);
}

fillChoices();
signOutButton.addEventListener('click', () => {
  void signOut().then(async () => {
    await showAccount();
    signInLink.focus();
    await show(shown);
  });
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  go({ filters: readFilters(), pageIndex: 0, move: { kind: 'first' } });
});
for (const button of nextButtons) {
  button.addEventListener('click', () => {
    if (pageInfo?.endCursor) page({ kind: 'next', after: pageInfo.endCursor });
  });
}
for (const button of previousButtons) {
  button.addEventListener('click', () => {
    if (pageInfo?.startCursor) page({ kind: 'previous', before: pageInfo.startCursor });
  });
}
window.addEventListener('popstate', () => {
  const state = readPageState(location.search);
  showFilters(state.filters);
  void show(state);
});
showFilters(shown.filters);
void showAccount();
void show(shown);
