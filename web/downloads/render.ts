import type { ShownError } from './graphql-client.js';
import type { DownloadsPageQuery } from './generated/graphql.js';
import { assetTypeLabel, downloadedAtLabel, productTypeLabel } from './labels.js';

/** A page of downloads as the operation returns it when it succeeds (`downloads` is null only with an error). */
type Connection = NonNullable<DownloadsPageQuery['downloads']>;
export type Download = Connection['nodes'][number];
export type PageInfo = Connection['pageInfo'];

const THUMBNAIL_SIZE = 170;

/** One grid item. Text goes in through textContent only: values from the API never become markup. */
export function downloadCard(download: Download): HTMLLIElement {
  const card = document.createElement('li');
  card.className = 'card';
  card.dataset.id = download.id;
  card.append(thumbnail(download), details(download));
  return card;
}

function thumbnail(download: Download): HTMLElement {
  const description = `${assetTypeLabel(download.assetType)} ${download.assetId}`;
  if (download.thumbnailUrl === null) {
    const missing = document.createElement('div');
    missing.className = 'thumbnail missing';
    missing.setAttribute('role', 'img');
    missing.setAttribute('aria-label', `${description}: no preview`);
    missing.textContent = 'No preview';
    return missing;
  }
  const image = document.createElement('img');
  image.className = 'thumbnail';
  image.src = download.thumbnailUrl;
  image.alt = description;
  image.width = THUMBNAIL_SIZE;
  image.height = THUMBNAIL_SIZE;
  image.loading = 'lazy';
  image.decoding = 'async';
  return image;
}

function details(download: Download): HTMLDListElement {
  const list = document.createElement('dl');
  const when = document.createElement('time');
  when.dateTime = download.downloadedAt;
  when.textContent = downloadedAtLabel(download.downloadedAt);
  const who = download.downloadedBy?.displayName ?? download.downloadedBy?.username ?? 'Unknown user';
  list.append(
    ...entry('Downloaded', when, 'downloaded-at'),
    ...entry('Product', productTypeLabel(download.productType), 'product-type'),
    ...entry('By', who, 'downloaded-by'),
  );
  return list;
}

function entry(term: string, value: string | Node, className: string): [HTMLElement, HTMLElement] {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.className = className;
  dd.append(value);
  return [dt, dd];
}

/** Each error as "CODE: message", the code being what a client would branch on. */
export function errorItems(errors: ReadonlyArray<ShownError>): HTMLLIElement[] {
  return errors.map((error) => {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.className = 'error-code';
    code.textContent = error.code;
    item.append(code, `: ${error.message}`);
    return item;
  });
}
