export { describeStorageDriver } from './suite.js';
export type { StorageDriverHarness, StorageSuiteCapabilities, SignedUrlRequest, SignedUrlResponse } from './types.js';
export { AWKWARD_KEYS } from './cases/keys.js';
export { DEFAULT_LARGE_BYTES } from './cases/large.js';
export { patternBlock, patternBytes, patternWebStream, patternNodeStream, patternSha256, streamSha256, failingWebStream, failingNodeStream } from './data.js';
