/** Deterministic seed data: the same seed and `today` always give the same downloads. */
import type { SandboxAssetType, GettyDimensions, GettyDownloadDetails, SandboxProductType, SandboxDataset, SandboxDownload, SandboxUser } from './dataset-types.js';
import { createRandom, pick, pickWeighted, randomInt, type Random } from './prng.js';
import { SEED_ACCOUNTS, SEED_PLANS, SEED_USERS, type SeedAgreement } from './seed-accounts.js';
import { addDays, formatNetDateTime, TICKS_PER_DAY, ticksIntoDay, isoDayOf } from './utc-days.js';

export const DEFAULT_DATASET_SEED = 20260501;

const HISTORY_DAYS = 365;
const TICKS_PER_SECOND = 10_000_000;

interface SeedAsset {
  id: string;
  type: SandboxAssetType;
}

const IMAGE_SIZES: ReadonlyArray<readonly [string, number]> = [
  ['small', 10],
  ['medium', 20],
  ['large', 25],
  ['xlarge', 30],
  ['original', 15],
];
const VIDEO_SIZES: ReadonlyArray<readonly [string, number]> = [
  ['hd720', 30],
  ['hd1080', 50],
  ['4k', 20],
];
const SIZE_PIXELS: Readonly<Record<string, readonly [number, number, number]>> = {
  small: [594, 396, 72],
  medium: [1024, 683, 72],
  large: [2048, 1365, 300],
  xlarge: [5760, 3840, 300],
  hd720: [1280, 720, 0],
  hd1080: [1920, 1080, 0],
  '4k': [3840, 2160, 0],
};
const DOWNLOAD_SOURCES: ReadonlyArray<readonly [string | null, number]> = [
  ['web', 60],
  ['api', 35],
  [null, 5],
];
const NOTES: ReadonlyArray<string | null> = ['Spring campaign', 'Homepage hero', 'Newsletter', 'Annual report', 'Social media post', 'Pitch deck', null];
const PROJECT_CODES: ReadonlyArray<string | null> = ['MKT-42', 'MKT-57', 'ED-2031', 'WEB-7', 'SOC-118', null];

export function buildDataset(opts: { today: Date; seed?: number }): SandboxDataset {
  const random = createRandom(opts.seed ?? DEFAULT_DATASET_SEED);
  const today = isoDayOf(opts.today);
  const year = today.slice(0, 4);
  const usedAssetIds = new Set<string>();
  const usedEvents = new Set<string>();
  const downloads: SandboxDownload[] = [];

  for (const plan of SEED_PLANS) {
    const users = SEED_USERS.filter((user) => user.accountId === plan.accountId);
    const weightedAgreements = plan.agreements.map((agreement) => [agreement, agreement.weight] as const);
    const downloadedAssets: SeedAsset[] = [];
    for (let i = 0; i < plan.downloads; i += 1) {
      const agreement = pickWeighted(random, weightedAgreements);
      const user = pick(random, users);
      // Generated images are new each time, so only licensed stock gets re-downloaded.
      const repeat = agreement.productType !== 'aigen' && downloadedAssets.length > 0 && random() < plan.repeatShare;
      const asset = repeat ? pick(random, downloadedAssets) : newAsset(random, agreement.productType, usedAssetIds);
      if (!repeat) downloadedAssets.push(asset);
      const date = uniqueMoment(random, opts.today, (candidate) => {
        const key = `${asset.id}|${candidate}|${user.username}`;
        if (usedEvents.has(key)) return false;
        usedEvents.add(key);
        return true;
      });
      downloads.push(makeDownload(random, { asset, agreement, user, date, year }));
    }
  }

  downloads.sort(newestFirst);
  return { accounts: SEED_ACCOUNTS, users: SEED_USERS, downloads };
}

function newestFirst(a: SandboxDownload, b: SandboxDownload): number {
  if (a.date_downloaded !== b.date_downloaded) return a.date_downloaded < b.date_downloaded ? 1 : -1;
  if (a.ownerUsername !== b.ownerUsername) return a.ownerUsername < b.ownerUsername ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function newAsset(random: Random, productType: SandboxProductType, used: Set<string>): SeedAsset {
  const type: SandboxAssetType = productType !== 'aigen' && random() < 0.12 ? 'video' : 'image';
  let id: string;
  do {
    id = String(randomInt(random, 100_000_000, 2_100_000_000));
  } while (used.has(id));
  used.add(id);
  return { id, type };
}

/** A moment in the last 12 months, denser towards today, never after `now`. */
function uniqueMoment(random: Random, now: Date, accept: (date: string) => boolean): string {
  const today = isoDayOf(now);
  const ticksSoFarToday = ticksIntoDay(now);
  for (;;) {
    let daysAgo = Math.floor(HISTORY_DAYS * random() ** 2);
    // Too little of today has passed to place a download in it.
    if (daysAgo === 0 && ticksSoFarToday < TICKS_PER_SECOND) daysAgo = 1;
    const maxTicks = daysAgo === 0 ? ticksSoFarToday : TICKS_PER_DAY;
    const date = formatNetDateTime(addDays(today, -daysAgo), Math.floor(random() * maxTicks));
    if (accept(date)) return date;
  }
}

interface DownloadSeed {
  asset: SeedAsset;
  agreement: SeedAgreement;
  user: SandboxUser;
  date: string;
  year: string;
}

function makeDownload(random: Random, seed: DownloadSeed): SandboxDownload {
  const { asset, agreement, user, date, year } = seed;
  const sizeName = random() < 0.03 ? null : pickWeighted(random, asset.type === 'video' ? VIDEO_SIZES : IMAGE_SIZES);
  const download: SandboxDownload = {
    id: asset.id,
    asset_type: asset.type,
    date_downloaded: date,
    product_type: agreement.productType,
    product_id: agreement.productId,
    agreement_name: agreement.name === null ? null : agreement.name.replace('{year}', year),
    thumb_path: random() < 0.02 ? null : `/thumbs/${asset.id}.svg`,
    size_name: sizeName,
    dimensions: dimensionsFor(random, asset.type, sizeName),
    license_model: licenseModelFor(random, agreement.productType),
    download_source: pickWeighted(random, DOWNLOAD_SOURCES),
    download_details: detailsFor(random),
    user: {
      username: user.username,
      first_name: user.first_name,
      middle_name: user.middle_name,
      last_name: user.last_name,
    },
    ownerUsername: user.username,
    accountId: user.accountId,
  };
  if (agreement.productType === 'aigen') download.generated_asset_id = randomGuid(random);
  else if (random() >= 0.15) download.generated_asset_id = null;
  return download;
}

function dimensionsFor(random: Random, type: SandboxAssetType, sizeName: string | null): GettyDimensions | null {
  if (sizeName === null || (type === 'video' && random() < 0.5)) return null;
  const [width, height, dpi] = SIZE_PIXELS[sizeName] ?? originalPixels(random);
  const portrait = type === 'image' && random() < 0.25;
  const dimensions: GettyDimensions = portrait ? { width: height, height: width } : { width, height };
  if (type === 'image' && random() >= 0.1) dimensions.dpi = dpi;
  return dimensions;
}

function originalPixels(random: Random): readonly [number, number, number] {
  const width = randomInt(random, 6000, 8001);
  return [width, Math.round((width * 2) / 3), 300];
}

function licenseModelFor(random: Random, productType: SandboxProductType): string | null {
  if (random() < 0.02) return null;
  return productType === 'editorialsubscription' && random() < 0.5 ? 'rightsmanaged' : 'royaltyfree';
}

function detailsFor(random: Random): GettyDownloadDetails | null {
  if (random() < 0.35) return null;
  return { download_notes: pick(random, NOTES), project_code: pick(random, PROJECT_CODES) };
}

function randomGuid(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
