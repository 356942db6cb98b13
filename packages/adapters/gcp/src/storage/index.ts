export { GcsDriver } from './driver.js';
export type { GcsDriverOptions } from './options.js';
export { storageScheme } from './scheme.js';
export { parseGsUrl, GS_URL_PARAMETERS } from './url.js';
export { gcsErrorCode } from './errors.js';
