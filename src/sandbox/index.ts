/** The embedded Getty-compatible upstream. The gateway talks to it over HTTP only. */
export { startSandbox, DEFAULT_QPS_LIMIT, SANDBOX_API_KEY, SANDBOX_API_SECRET } from './start-sandbox.js';
export { faultsFromEnv } from './faults-from-env.js';
export { qpsLimitFromEnv } from './qps-from-env.js';
export { buildDataset, DEFAULT_DATASET_SEED } from './build-dataset.js';
export { queryDownloads } from './query-downloads.js';
export { toGettyRecord } from './getty-record.js';
export type { GettyDownloadRecord } from './getty-record.js';
export { PRODUCT_TYPES } from './dataset-types.js';
export type {
  AssetType, DownloadsFilter, GettyDimensions, GettyDownloadDetails, GettyUser, ProductType,
  SandboxAccount, SandboxDataset, SandboxDownload, SandboxUser,
} from './dataset-types.js';
export type {
  DateParamStyle, DemoUser, FaultOptions, RecordedRequest, Sandbox, SandboxOptions, SandboxStats,
  ScriptableEndpoint, ScriptedFault,
} from './types.js';
