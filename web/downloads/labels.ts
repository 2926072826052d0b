import type { AssetType, ProductType } from './generated/graphql.js';

/** Every product type the schema knows, as people read it; a new one fails type-checking here. */
export const PRODUCT_TYPE_LABELS: Readonly<Record<ProductType, string>> = {
  EASY_ACCESS: 'Easy Access',
  EDITORIAL_SUBSCRIPTION: 'Editorial subscription',
  IMAGE_PACK: 'Image pack',
  PREMIUM_ACCESS: 'Premium Access',
  ROYALTY_FREE_SUBSCRIPTION: 'Royalty-free subscription',
  CREDIT_PACK: 'Credit pack',
  AI_GENERATION: 'AI generation',
};

export const PRODUCT_TYPES = Object.keys(PRODUCT_TYPE_LABELS) as ProductType[];

export function isProductType(value: string): value is ProductType {
  return Object.hasOwn(PRODUCT_TYPE_LABELS, value);
}

export function productTypeLabel(type: ProductType | null): string {
  return type === null ? 'Unknown product' : PRODUCT_TYPE_LABELS[type];
}

export function assetTypeLabel(type: AssetType | null): string {
  return type === 'VIDEO' ? 'Video' : type === 'IMAGE' ? 'Image' : 'Asset';
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const COUNT = new Intl.NumberFormat('en-US');

/** Download times in UTC, like the date-range filter, so both read the same days. */
export function downloadedAtLabel(iso: string): string {
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}

export function countLabel(value: number): string {
  return COUNT.format(value);
}
