/** The fixed demo accounts, users and license agreements the generated downloads belong to. */
import type { SandboxProductType, SandboxAccount, SandboxUser } from './dataset-types.js';

export const ACME_ACCOUNT_ID = 'acct-acme-media';
export const SOLO_ACCOUNT_ID = 'acct-solo-studio';

export const SEED_ACCOUNTS: ReadonlyArray<SandboxAccount> = [
  { accountId: ACME_ACCOUNT_ID, name: 'Acme Media', companyDownloadsEnabled: true },
  { accountId: SOLO_ACCOUNT_ID, name: 'Solo Studio', companyDownloadsEnabled: false },
];

export const SEED_USERS: ReadonlyArray<SandboxUser> = [
  {
    username: 'alice.w',
    password: 'alice-password',
    bearerToken: 'sandbox-alice',
    accountId: ACME_ACCOUNT_ID,
    isCompanyAdmin: true,
    first_name: 'Alice',
    middle_name: null,
    last_name: 'Wong',
  },
  {
    username: 'bob.k',
    password: 'bob-password',
    bearerToken: 'sandbox-bob',
    accountId: ACME_ACCOUNT_ID,
    isCompanyAdmin: false,
    first_name: 'Bob',
    middle_name: null,
    last_name: 'Kowalski',
  },
  {
    username: 'carol.m',
    password: 'carol-password',
    bearerToken: 'sandbox-carol',
    accountId: ACME_ACCOUNT_ID,
    isCompanyAdmin: false,
    first_name: 'Carol',
    middle_name: 'Anne',
    last_name: 'Martin',
  },
  {
    // A technical user whose profile has no names, so clients meet null names.
    username: 'ingest.bot',
    password: 'ingest-password',
    bearerToken: 'sandbox-ingest',
    accountId: ACME_ACCOUNT_ID,
    isCompanyAdmin: false,
    first_name: null,
    middle_name: null,
    last_name: null,
  },
  {
    username: 'sam.solo',
    password: 'sam-password',
    bearerToken: 'sandbox-sam',
    accountId: SOLO_ACCOUNT_ID,
    isCompanyAdmin: true,
    first_name: 'Sam',
    middle_name: null,
    last_name: 'Ortega',
  },
];

export interface SeedAgreement {
  productType: SandboxProductType;
  productId: number;
  /** `{year}` is replaced with the dataset's current year. */
  name: string | null;
  weight: number;
}

export interface SeedAccountPlan {
  accountId: string;
  downloads: number;
  /** Chance that a download re-downloads an asset the account already has. */
  repeatShare: number;
  agreements: ReadonlyArray<SeedAgreement>;
}

export const SEED_PLANS: ReadonlyArray<SeedAccountPlan> = [
  {
    accountId: ACME_ACCOUNT_ID,
    downloads: 2000,
    repeatShare: 0.08,
    agreements: [
      { productType: 'easyaccess', productId: 8421, name: 'Acme Easy Access {year}', weight: 30 },
      { productType: 'premiumaccess', productId: 9310, name: 'Acme Premium Access {year}', weight: 20 },
      { productType: 'royaltyfreesubscription', productId: 7702, name: 'Acme RF Subscription', weight: 15 },
      { productType: 'editorialsubscription', productId: 6150, name: 'Acme Editorial News', weight: 12 },
      { productType: 'imagepack', productId: 5124, name: 'Acme Ultrapack 250', weight: 10 },
      { productType: 'creditpack', productId: 4480, name: null, weight: 8 },
      { productType: 'aigen', productId: 3999, name: 'Acme Generative AI', weight: 5 },
    ],
  },
  {
    accountId: SOLO_ACCOUNT_ID,
    downloads: 150,
    repeatShare: 0.05,
    agreements: [
      { productType: 'imagepack', productId: 5301, name: 'Solo Ultrapack 25', weight: 5 },
      { productType: 'creditpack', productId: 4602, name: null, weight: 3 },
      { productType: 'royaltyfreesubscription', productId: 7815, name: 'Solo RF Starter', weight: 2 },
    ],
  },
];
