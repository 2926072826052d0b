import { createHash } from 'node:crypto';
import { UPSTREAM_DATE_TIME } from '../../getty/records.js';
import type { DownloadRecord, UserRecord } from '../../getty/records.js';
import { assetTypeFromGetty, productTypeFromGetty } from './product-types.js';
import type { AssetType, ProductType } from './product-types.js';

/** Told about an upstream value this gateway does not know, which it serves as null. */
export type UnknownValueReporter = (field: string, value: string) => void;

/**
 * Getty's date-times are UTC even without a zone designator, and .NET writes up to 7
 * fractional digits; JavaScript keeps milliseconds, so the rest is truncated.
 */
export function parseUpstreamDateTime(text: string): Date | undefined {
  const match = UPSTREAM_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = Number((match[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const parsed = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March: a changed day or month means it was not a date.
  if (parsed.getUTCMonth() !== month - 1 || parsed.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return new Date(utc - zoneOffsetMinutes(match[8]) * 60_000);
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return zone.startsWith('-') ? -minutes : minutes;
}

/**
 * One download event's id. Getty's `id` is the asset's, repeated when an asset is
 * downloaded twice; the event is the asset, the instant, the user and the product, which
 * stay the same whatever window, page size or filter fetched the record.
 */
export function downloadId(record: DownloadRecord): string {
  const instant = parseUpstreamDateTime(record.date_downloaded)?.getTime() ?? record.date_downloaded;
  const identity = `${record.id}\n${instant}\n${record.user?.username ?? ''}\n${record.product_id}`;
  return `dl_${createHash('sha256').update(identity).digest('base64url').slice(0, 22)}`;
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
  if (value === null || value === undefined || !URL.canParse(value)) return null;
  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:' ? value : null;
}

export function displayName(user: UserRecord): string | null {
  const parts = [user.first_name, user.middle_name, user.last_name].filter((p): p is string => Boolean(p?.trim()));
  if (parts.length > 0) return parts.map((p) => p.trim()).join(' ');
  return user.username ?? null;
}
