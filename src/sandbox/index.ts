/** The embedded Getty-compatible upstream. The gateway talks to it over HTTP only. */
export { startSandbox, DEFAULT_QPS_LIMIT, SANDBOX_API_KEY, SANDBOX_API_SECRET } from './start-sandbox.js';
export { FAULT_VARIABLES, faultsFromEnv } from './faults-from-env.js';
export type { FaultVariable } from './faults-from-env.js';
export { qpsLimitFromEnv, SANDBOX_QPS_VARIABLE } from './qps-from-env.js';
export { buildDataset, DEFAULT_DATASET_SEED } from './build-dataset.js';
export { queryDownloads } from './query-downloads.js';
export { toGettyRecord } from './getty-record.js';
export type { GettyDownloadRecord } from './getty-record.js';
export { SANDBOX_PRODUCT_TYPES } from './dataset-types.js';
export type {
  SandboxAssetType,
  SandboxDownloadsFilter,
  GettyDimensions,
  GettyDownloadDetails,
  GettyUser,
  SandboxProductType,
  SandboxAccount,
  SandboxDataset,
  SandboxDownload,
  SandboxUser,
} from './dataset-types.js';
export type {
  SandboxDateParamStyle,
  DemoUser,
  FaultOptions,
  RecordedRequest,
  Sandbox,
  SandboxOptions,
  SandboxStats,
  ScriptableEndpoint,
  ScriptedFault,
} from './types.js';
