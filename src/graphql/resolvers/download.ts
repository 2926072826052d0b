import {
  assetType,
  displayName,
  downloadId,
  httpUrl,
  productType,
} from '../../domain/downloads/mapping.js';
import { parseGettyInstant } from '../../getty/date-time.js';
import { upstreamBadResponse } from '../../getty/errors.js';
import type { DownloadResolvers, DownloadUserResolvers } from '../generated/resolvers-types.js';

/**
 * Field by field from Getty's record: a field is mapped only when a query selects it.
 * `Required` makes the compiler insist on a resolver for every schema field, since the
 * record's snake_case names would otherwise resolve to undefined.
 */
export const Download: Required<DownloadResolvers> = {
  id: (record) => downloadId(record),
  assetId: (record) => record.id,
  assetType: (record, _args, context) => assetType(record, context.reportUnknownValue),
  downloadedAt: (record) => {
    const instant = parseGettyInstant(record.date_downloaded);
    if (instant === undefined) throw upstreamBadResponse('a date_downloaded that is not a date-time');
    return new Date(instant);
  },
  productType: (record, _args, context) => productType(record, context.reportUnknownValue),
  productId: (record) => record.product_id,
  agreementName: (record) => record.agreement_name ?? null,
  thumbnailUrl: (record) => httpUrl(record.thumb_uri),
  sizeName: (record) => record.size_name ?? null,
  dimensions: (record) => record.dimensions ?? null,
  licenseModel: (record) => record.license_model ?? null,
  downloadSource: (record) => record.download_source ?? null,
  generatedAssetId: (record) => record.generated_asset_id ?? null,
  notes: (record) => record.download_details?.download_notes ?? null,
  projectCode: (record) => record.download_details?.project_code ?? null,
  downloadedBy: (record) => record.user ?? null,
};

export const DownloadUser: Required<DownloadUserResolvers> = {
  username: (user) => user.username ?? null,
  firstName: (user) => user.first_name ?? null,
  middleName: (user) => user.middle_name ?? null,
  lastName: (user) => user.last_name ?? null,
  displayName: (user) => displayName(user),
};
