import { z } from 'zod';
import { parseGettyInstant } from './date-time.js';
import { upstreamBadResponse } from './errors.js';

/** An error message for a value of the wrong type: "is missing" or "is not <what>". */
function expecting(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is missing' : `is not ${what}`) };
}

const optionalString = z.string(expecting('a string')).nullish();
const optionalNumber = z.number(expecting('a number')).nullish();

const dimensionsSchema = z.object({ width: optionalNumber, height: optionalNumber, dpi: optionalNumber }, expecting('an object'));

const downloadDetailsSchema = z.object({ download_notes: optionalString, project_code: optionalString }, expecting('an object'));

const userSchema = z.object({ username: optionalString, first_name: optionalString, middle_name: optionalString, last_name: optionalString }, expecting('an object'));

/**
 * One record of Getty's `GET /v3/downloads` body. Every field but `date_downloaded` and
 * `product_id` may be null or absent. `id` is the asset id, so it is required here: the
 * schema's `assetId` cannot be null.
 */
const downloadRecordSchema = z.object(
  {
    id: z.string(expecting('a string')).min(1, 'is missing'),
    asset_type: optionalString,
    date_downloaded: z.string(expecting('a date-time')).refine((value) => parseGettyInstant(value) !== undefined, 'is not a date-time'),
    product_type: optionalString,
    product_id: z.number(expecting('an integer')).int('is not an integer'),
    agreement_name: optionalString,
    thumb_uri: optionalString,
    size_name: optionalString,
    dimensions: dimensionsSchema.nullish(),
    license_model: optionalString,
    download_source: optionalString,
    generated_asset_id: optionalString,
    download_details: downloadDetailsSchema.nullish(),
    user: userSchema.nullish(),
  },
  expecting('an object'),
);

const downloadsPageSchema = z.object(
  {
    result_count: z.number().int().nonnegative(),
    downloads: z.array(downloadRecordSchema),
  },
  expecting('a JSON object'),
);

export type DownloadRecord = z.infer<typeof downloadRecordSchema>;
export type DimensionsRecord = z.infer<typeof dimensionsSchema>;
export type DownloadDetailsRecord = z.infer<typeof downloadDetailsSchema>;
export type UserRecord = z.infer<typeof userSchema>;
export type DownloadsPage = z.infer<typeof downloadsPageSchema>;

/**
 * Checks a parsed body against the documented shape, so resolvers can trust the types.
 * It rejects the whole answer on a wrong type: a changed contract should fail loudly with
 * UPSTREAM_BAD_RESPONSE rather than serve half-understood data. Fields Getty may add are
 * dropped, since nothing downstream reads them.
 */
export function parseDownloadsPage(body: unknown): DownloadsPage {
  const result = downloadsPageSchema.safeParse(body);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  throw upstreamBadResponse(describe(issue?.path ?? [], issue?.message ?? 'is not the documented shape'));
}

/** The first problem, named the way Getty's documentation names the field. */
function describe(path: readonly PropertyKey[], problem: string): string {
  const [top, index, ...field] = path;
  if (top === undefined) return 'a body that is not a JSON object';
  if (top === 'result_count') return 'no valid result_count';
  if (index === undefined) return 'no downloads array';
  const name = field.length === 0 ? 'value' : field.map(String).join('.');
  return `a download record whose ${name} ${problem} (item ${String(index)})`;
}
