/**
 * @faasade/aws/s3 — the Amazon S3 driver for the portable storage API of
 * `@faasade/core/storage`. Importing this module loads no AWS SDK code: the SDK packages
 * (`@aws-sdk/client-s3`, `@aws-sdk/lib-storage`, `@aws-sdk/s3-request-presigner`,
 * optional peer dependencies) are imported on the first storage call that needs them.
 *
 * Bucket URLs: `s3://bucket?region=…&endpoint=…&forcePathStyle=…&checksums=…&conditionalWrites=…`
 * (see {@link S3_URL_PARAMETERS}).
 * @packageDocumentation
 */
export { S3Driver } from './storage/driver.js';
export { storageScheme, s3OptionsFromUrl, S3_URL_PARAMETERS } from './storage/scheme.js';
export type { S3DriverOptions } from './storage/options.js';
