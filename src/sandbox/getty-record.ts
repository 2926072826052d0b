/** Turns a stored download into Getty's wire record, in Getty's field order. */
import type { GettyDimensions, GettyDownloadDetails, GettyUser, SandboxDownload } from './dataset-types.js';

export interface GettyDownloadRecord {
  id: string;
  asset_type: string;
  date_downloaded: string;
  product_type: string;
  product_id: number;
  agreement_name: string | null;
  thumb_uri: string | null;
  size_name: string | null;
  dimensions: GettyDimensions | null;
  license_model: string | null;
  download_source: string | null;
  generated_asset_id?: string | null;
  download_details: GettyDownloadDetails | null;
  user: GettyUser;
}

/**
 * `thumbnailBaseUrl` without trailing slash, e.g. `http://127.0.0.1:4010`. An absent
 * `generated_asset_id` stays undefined here so JSON.stringify leaves the key out, as Getty does.
 */
export function toGettyRecord(download: SandboxDownload, thumbnailBaseUrl: string): GettyDownloadRecord {
  return {
    id: download.id,
    asset_type: download.asset_type,
    date_downloaded: download.date_downloaded,
    product_type: download.product_type,
    product_id: download.product_id,
    agreement_name: download.agreement_name,
    thumb_uri: download.thumb_path === null ? null : `${thumbnailBaseUrl}${download.thumb_path}`,
    size_name: download.size_name,
    dimensions: download.dimensions,
    license_model: download.license_model,
    download_source: download.download_source,
    generated_asset_id: download.generated_asset_id,
    download_details: download.download_details,
    user: download.user,
  };
}
