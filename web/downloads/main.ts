import { readBrowserConfig } from './browser-config.js';
import { byId } from './dom.js';
import { DownloadsPageDocument } from './generated/graphql.js';
import type { DownloadsPageQuery } from './generated/graphql.js';
import { runOperation } from './graphql-client.js';
import type { ShownError } from './graphql-client.js';
import { countLabel, isProductType, PRODUCT_TYPE_LABELS, PRODUCT_TYPES } from './labels.js';
import { pageIndexAfter, pageVariables, rangeText } from './paging.js';
import type { Filters, PageMove } from './paging.js';
import { downloadCard, errorItems } from './render.js';

/**
 * The downloads browser: a product-style client of the gateway. The form's filters become the
 * generated operation's variables; previous/next pages follow the cursors of the page on screen.
 */
const config = readBrowserConfig(byId('browser-config', HTMLScriptElement).textContent ?? '');
const form = byId('filters', HTMLFormElement);
const from = byId('from', HTMLInputElement);
const to = byId('to', HTMLInputElement);
const productType = byId('product-type', HTMLSelectElement);
const company = byId('company-downloads', HTMLInputElement);
const token = byId('token', HTMLInputElement);
const summary = byId('summary', HTMLParagraphElement);
const errorBox = byId('errors', HTMLDivElement);
const errorList = byId('error-list', HTMLUListElement);
const grid = byId('grid', HTMLUListElement);
const previous = byId('previous', HTMLButtonElement);
const next = byId('next', HTMLButtonElement);

let pageIndex = 0;
let pageInfo: DownloadsPageQuery['downloads']['pageInfo'] | undefined;
/** Only the latest request may paint: an answer to an older one arrives too late to matter. */
let latest = 0;

function fillChoices(): void {
  for (const type of PRODUCT_TYPES) productType.add(new Option(PRODUCT_TYPE_LABELS[type], type));
  const suggestions = byId('demo-tokens', HTMLDataListElement);
  for (const user of config.demoUsers) suggestions.append(new Option(user.label, user.token));
}

function readFilters(): Filters {
  return {
    from: from.value,
    to: to.value,
    productType: isProductType(productType.value) ? productType.value : null,
    companyDownloads: company.checked,
  };
}

function authorization(): Record<string, string> {
  const value = token.value.trim();
  return value === '' ? {} : { authorization: `Bearer ${value}` };
}

async function load(move: PageMove): Promise<void> {
  const request = ++latest;
  grid.setAttribute('aria-busy', 'true');
  previous.disabled = true;
  next.disabled = true;
  const outcome = await runOperation(config.endpoint, DownloadsPageDocument, pageVariables(readFilters(), move, config.pageSize), authorization());
  if (request !== latest) return;
  grid.setAttribute('aria-busy', 'false');
  if (!outcome.ok) {
    showErrors(outcome.errors);
    return;
  }
  const { downloads } = outcome.data;
  pageIndex = pageIndexAfter(pageIndex, move);
  pageInfo = downloads.pageInfo;
  showErrors([]);
  grid.replaceChildren(...downloads.nodes.map(downloadCard));
  summary.textContent = rangeText(pageIndex, config.pageSize, downloads.nodes.length, downloads.totalCount, countLabel);
  previous.disabled = !(pageInfo.hasPreviousPage && pageInfo.startCursor !== null);
  next.disabled = !(pageInfo.hasNextPage && pageInfo.endCursor !== null);
}

function showErrors(errors: ReadonlyArray<ShownError>): void {
  errorBox.hidden = errors.length === 0;
  errorList.replaceChildren(...errorItems(errors));
  if (errors.length === 0) return;
  pageInfo = undefined;
  grid.replaceChildren();
  summary.textContent = 'The downloads could not be loaded.';
}

fillChoices();
form.addEventListener('change', () => void load({ kind: 'first' }));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void load({ kind: 'first' });
});
next.addEventListener('click', () => {
  if (pageInfo?.endCursor) void load({ kind: 'next', after: pageInfo.endCursor });
});
previous.addEventListener('click', () => {
  if (pageInfo?.startCursor) void load({ kind: 'previous', before: pageInfo.startCursor });
});
void load({ kind: 'first' });
