/**
 * @faasade/image-renditions — the image pipeline: validate, auto-orient, resize,
 * watermark and encode uploads into responsive renditions, on every cloud.
 * @packageDocumentation
 */
export { default } from './function.js';
export { processUpload, type UploadOutcome, type UploadContext } from './pipeline.js';
export { renderRenditions, targetWidths, type Rendition } from './render.js';
export { inspectSource, isRejection, type Rejection, type RejectionCode, type SourceInfo } from './inspect.js';
export { DEFAULT_RENDITIONS, renditionOptionsFromEnv, type OutputFormat, type RenditionOptions } from './config.js';
export { SOURCE_PREFIX, OUTPUT_PREFIX, REJECTED_PREFIX, manifestKey, renditionKey, rejectedKeys, sourceName } from './layout.js';
export type { RenditionManifest, RejectionRecord } from './manifest.js';
export { renderTextOverlay } from './watermark.js';
