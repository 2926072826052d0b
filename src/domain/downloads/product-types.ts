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

const FROM_GETTY = new Map<string, ProductType>(
  Object.entries(GETTY_PRODUCT_TYPES).map(([name, getty]) => [getty, name as ProductType]),
);

/** `undefined` for a value this gateway does not know (Getty may add product types). */
export function productTypeFromGetty(value: string): ProductType | undefined {
  return FROM_GETTY.get(value.toLowerCase());
}

export const ASSET_TYPES = { image: 'IMAGE', video: 'VIDEO' } as const;
export type AssetType = (typeof ASSET_TYPES)[keyof typeof ASSET_TYPES];

export function assetTypeFromGetty(value: string): AssetType | undefined {
  return ASSET_TYPES[value.toLowerCase() as keyof typeof ASSET_TYPES];
}
