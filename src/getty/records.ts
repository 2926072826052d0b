import { parseGettyInstant } from './date-time.js';
import { upstreamBadResponse } from './errors.js';

/**
 * Getty's `GET /v3/downloads` body, as documented in shared/getty/UPSTREAM.md. Every field
 * but `date_downloaded` and `product_id` may be null or absent. `id` is the asset id, so it
 * is required here: the schema's `assetId` cannot be null.
 */
export interface DownloadRecord {
  id: string;
  asset_type?: string | null;
  date_downloaded: string;
  product_type?: string | null;
  product_id: number;
  agreement_name?: string | null;
  thumb_uri?: string | null;
  size_name?: string | null;
  dimensions?: DimensionsRecord | null;
  license_model?: string | null;
  download_source?: string | null;
  generated_asset_id?: string | null;
  download_details?: DownloadDetailsRecord | null;
  user?: UserRecord | null;
}

export interface DimensionsRecord {
  width?: number | null;
  height?: number | null;
  dpi?: number | null;
}

export interface DownloadDetailsRecord {
  download_notes?: string | null;
  project_code?: string | null;
}

export interface UserRecord {
  username?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  last_name?: string | null;
}

export interface DownloadsPage {
  result_count: number;
  downloads: DownloadRecord[];
}

type Json = Record<string, unknown>;

const STRING_FIELDS = [
  'asset_type', 'product_type', 'agreement_name', 'thumb_uri', 'size_name',
  'license_model', 'download_source', 'generated_asset_id',
] as const;

/**
 * Checks a parsed body against the documented shape, so resolvers can trust the types.
 * It rejects the whole answer on a wrong type: a changed contract should fail loudly with
 * UPSTREAM_BAD_RESPONSE rather than serve half-understood data.
 */
export function parseDownloadsPage(body: unknown): DownloadsPage {
  if (!isObject(body)) throw upstreamBadResponse('a body that is not a JSON object');
  const { result_count: total, downloads } = body;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
    throw upstreamBadResponse('no valid result_count');
  }
  if (!Array.isArray(downloads)) throw upstreamBadResponse('no downloads array');
  for (let index = 0; index < downloads.length; index += 1) {
    const problem = recordProblem(downloads[index]);
    if (problem !== undefined) throw upstreamBadResponse(`a download record whose ${problem} (item ${index})`);
  }
  return body as unknown as DownloadsPage;
}

function recordProblem(record: unknown): string | undefined {
  if (!isObject(record)) return 'value is not an object';
  if (typeof record.id !== 'string' || record.id === '') return 'id is missing';
  if (typeof record.date_downloaded !== 'string' || parseGettyInstant(record.date_downloaded) === undefined) {
    return 'date_downloaded is not a date-time';
  }
  if (typeof record.product_id !== 'number' || !Number.isInteger(record.product_id)) return 'product_id is not an integer';
  for (const field of STRING_FIELDS) {
    if (!isOptional(record[field], 'string')) return `${field} is not a string`;
  }
  return nestedProblem(record.dimensions, 'dimensions', ['width', 'height', 'dpi'], 'number') ??
    nestedProblem(record.download_details, 'download_details', ['download_notes', 'project_code'], 'string') ??
    nestedProblem(record.user, 'user', ['username', 'first_name', 'middle_name', 'last_name'], 'string');
}

function nestedProblem(value: unknown, name: string, fields: readonly string[], type: 'string' | 'number'): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) return `${name} is not an object`;
  const bad = fields.find((field) => !isOptional(value[field], type));
  return bad === undefined ? undefined : `${name}.${bad} is not a ${type}`;
}

function isOptional(value: unknown, type: 'string' | 'number'): boolean {
  return value === null || value === undefined || typeof value === type;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
