import { hash } from 'node:crypto';
import { parseGettyInstant } from '../../getty/date-time.js';
import { upstreamBadResponse } from '../../getty/errors.js';
import type { DimensionsRecord, DownloadRecord, UserRecord } from '../../getty/records.js';
import { assetTypeFromGetty, productTypeFromGetty } from './product-types.js';
import type { AssetType, ProductType } from './product-types.js';

/** Told about an upstream value this gateway does not know, which it serves as null. */
export type UnknownValueReporter = (field: string, value: string) => void;

/** A download as the schema's `Download` type shows it: graphql-js reads its fields as they are. */
export interface DownloadModel {
  id: string;
  assetId: string;
  assetType: AssetType | null;
  downloadedAt: Date;
  productType: ProductType | null;
  productId: number;
  agreementName: string | null;
  /** Parsed once here, so serializing it (the URL scalar) does not parse it again on every response. */
  thumbnailUrl: URL | null;
  sizeName: string | null;
  /** Getty's own object: its field names are the schema's. */
  dimensions: DimensionsRecord | null;
  licenseModel: string | null;
  downloadSource: string | null;
  generatedAssetId: string | null;
  notes: string | null;
  projectCode: string | null;
  downloadedBy: DownloadUserModel | null;
}

export interface DownloadUserModel {
  username: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  displayName: string | null;
}

/**
 * One upstream record mapped once, whole: a page's records are mapped when the page
 * arrives, so no field re-derives what another already did (the instant feeds both the
 * id and downloadedAt) and execution reads plain properties.
 */
export function toDownload(record: DownloadRecord, report: UnknownValueReporter): DownloadModel {
  const instant = parseGettyInstant(record.date_downloaded);
  if (instant === undefined) throw upstreamBadResponse('a date_downloaded that is not a date-time');
  const details = record.download_details;
  return {
    id: downloadId(record, instant),
    assetId: record.id,
    assetType: assetType(record, report),
    downloadedAt: new Date(instant),
    productType: productType(record, report),
    productId: record.product_id,
    agreementName: record.agreement_name ?? null,
    thumbnailUrl: httpUrl(record.thumb_uri),
    sizeName: record.size_name ?? null,
    dimensions: record.dimensions ?? null,
    licenseModel: record.license_model ?? null,
    downloadSource: record.download_source ?? null,
    generatedAssetId: record.generated_asset_id ?? null,
    notes: details?.download_notes ?? null,
    projectCode: details?.project_code ?? null,
    downloadedBy: record.user === null || record.user === undefined ? null : toDownloadUser(record.user),
  };
}

function toDownloadUser(user: UserRecord): DownloadUserModel {
  return {
    username: user.username ?? null,
    firstName: user.first_name ?? null,
    middleName: user.middle_name ?? null,
    lastName: user.last_name ?? null,
    displayName: displayName(user),
  };
}

/**
 * One download event's id. Getty's `id` is the asset's, repeated when an asset is
 * downloaded twice; the event is the asset, the instant, the user and the product, which
 * stay the same whatever window, page size or filter fetched the record.
 */
function downloadId(record: DownloadRecord, instant: number): string {
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
export function httpUrl(value: string | null | undefined): URL | null {
  if (value === null || value === undefined || !/^https?:\/\//i.test(value)) return null;
  // One parse: Node 20 has no URL.parse, and a page of Getty's rarely holds an invalid URL.
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

export function displayName(user: UserRecord): string | null {
  const parts = [user.first_name, user.middle_name, user.last_name].filter((p): p is string => Boolean(p?.trim()));
  if (parts.length > 0) return parts.map((p) => p.trim()).join(' ');
  return user.username ?? null;
}
