import { hash } from 'node:crypto';
import { parseGettyInstant } from '../../getty/date-time.js';
import type { DownloadRecord, UserRecord } from '../../getty/records.js';
import { assetTypeFromGetty, productTypeFromGetty } from './product-types.js';
import type { AssetType, ProductType } from './product-types.js';

/** Told about an upstream value this gateway does not know, which it serves as null. */
export type UnknownValueReporter = (field: string, value: string) => void;

/**
 * One download event's id. Getty's `id` is the asset's, repeated when an asset is
 * downloaded twice; the event is the asset, the instant, the user and the product, which
 * stay the same whatever window, page size or filter fetched the record.
 */
export function downloadId(record: DownloadRecord): string {
  const instant = parseGettyInstant(record.date_downloaded) ?? record.date_downloaded;
  const identity = `${record.id}\n${instant}\n${record.user?.username ?? ''}\n${record.product_id}`;
  return `dl_${hash('sha256', identity, 'base64url').slice(0, 22)}`;
}

export function assetType(record: DownloadRecord, report: UnknownValueReporter): AssetType | null {
  const value = record.asset_type;
  if (value === null || value === undefined) return null;
  const known = assetTypeFromGetty(value);
  if (known === undefined) report('assetType', value);
  return known ?? null;
}

export function productType(record: DownloadRecord, report: UnknownValueReporter): ProductType | null {
  const value = record.product_type;
  if (value === null || value === undefined) return null;
  const known = productTypeFromGetty(value);
  if (known === undefined) report('productType', value);
  return known ?? null;
}

/** Only absolute http(s) URLs: anything else would break the client's `<img src>`. */
export function httpUrl(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const http = /^https?:\/\//i.test(value);
  return http && URL.canParse(value) ? value : null;
}

export function displayName(user: UserRecord): string | null {
  const parts = [user.first_name, user.middle_name, user.last_name].filter((p): p is string => Boolean(p?.trim()));
  if (parts.length > 0) return parts.map((p) => p.trim()).join(' ');
  return user.username ?? null;
}
