/** Shapes of the seed data: Getty's download record plus the sandbox's own bookkeeping. */

export const SANDBOX_PRODUCT_TYPES = ['easyaccess', 'editorialsubscription', 'imagepack', 'premiumaccess', 'royaltyfreesubscription', 'creditpack', 'aigen'] as const;

export type SandboxProductType = (typeof SANDBOX_PRODUCT_TYPES)[number];

export type SandboxAssetType = 'image' | 'video';

export interface SandboxAccount {
  accountId: string;
  name: string;
  companyDownloadsEnabled: boolean;
}

export interface SandboxUser {
  username: string;
  password: string;
  /** Static demo token that never expires, readable on purpose (e.g. `sandbox-alice`). */
  bearerToken: string;
  accountId: string;
  isCompanyAdmin: boolean;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
}

export interface GettyUser {
  username: string;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
}

export interface GettyDimensions {
  width: number;
  height: number;
  /** Absent (not null) on some records, as Getty omits it for some assets. */
  dpi?: number;
}

export interface GettyDownloadDetails {
  download_notes: string | null;
  project_code: string | null;
}

/**
 * One download event. Getty's record fields in snake_case, except that `thumb_uri` is kept
 * as `thumb_path` (a path below the thumbnail base URL) because the base is only known once
 * the server listens. `ownerUsername` and `accountId` are sandbox-internal and never sent.
 */
export interface SandboxDownload {
  id: string;
  asset_type: SandboxAssetType;
  /** .NET style, UTC without zone designator, 7 fractional digits: `2026-05-01T10:21:07.1230000`. */
  date_downloaded: string;
  product_type: SandboxProductType;
  product_id: number;
  agreement_name: string | null;
  thumb_path: string | null;
  size_name: string | null;
  dimensions: GettyDimensions | null;
  license_model: string | null;
  download_source: string | null;
  /** Absent on some records, null on most, a GUID for AI-generated assets. */
  generated_asset_id?: string | null;
  download_details: GettyDownloadDetails | null;
  user: GettyUser;
  ownerUsername: string;
  accountId: string;
}

export interface SandboxDataset {
  accounts: ReadonlyArray<SandboxAccount>;
  users: ReadonlyArray<SandboxUser>;
  /** Newest first. */
  downloads: ReadonlyArray<SandboxDownload>;
}

export interface SandboxDownloadsFilter {
  username: string;
  /** true: every user of the caller's account; false: only the caller's own downloads. */
  company: boolean;
  /** Inclusive UTC calendar days, `YYYY-MM-DD`; absent means unbounded on that side. */
  from?: string;
  to?: string;
  productType?: SandboxProductType;
}
