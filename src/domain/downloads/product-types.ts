/** The GraphQL `ProductType` values and Getty's lowercase spelling of each. */
export const GETTY_PRODUCT_TYPES = {
  EASY_ACCESS: 'easyaccess',
  EDITORIAL_SUBSCRIPTION: 'editorialsubscription',
  IMAGE_PACK: 'imagepack',
  PREMIUM_ACCESS: 'premiumaccess',
  ROYALTY_FREE_SUBSCRIPTION: 'royaltyfreesubscription',
  CREDIT_PACK: 'creditpack',
  AI_GENERATION: 'aigen',
} as const;

export type ProductType = keyof typeof GETTY_PRODUCT_TYPES;
export type GettyProductType = (typeof GETTY_PRODUCT_TYPES)[ProductType];

// Maps, not object lookups: an upstream value such as "constructor" must find nothing.
const FROM_GETTY = new Map<string, ProductType>((Object.keys(GETTY_PRODUCT_TYPES) as ProductType[]).map((name) => [GETTY_PRODUCT_TYPES[name], name]));

/** `undefined` for a value this gateway does not know (Getty may add product types). */
export function productTypeFromGetty(value: string): ProductType | undefined {
  return FROM_GETTY.get(value.toLowerCase());
}

export type AssetType = 'IMAGE' | 'VIDEO';

const ASSET_TYPES = new Map<string, AssetType>([
  ['image', 'IMAGE'],
  ['video', 'VIDEO'],
]);

/** `undefined` for a value this gateway does not know (Getty may add asset types). */
export function assetTypeFromGetty(value: string): AssetType | undefined {
  return ASSET_TYPES.get(value.toLowerCase());
}
