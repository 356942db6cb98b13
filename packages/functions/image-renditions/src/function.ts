import { onObject } from '@faasade/core';
import { bucket } from '@faasade/core/storage';
import { renditionOptionsFromEnv } from './config.js';
import { SOURCE_PREFIX } from './layout.js';
import { processUpload } from './pipeline.js';

/**
 * The image pipeline as a function: on every object created under `uploads/` in the
 * `images` bucket, write WebP, AVIF and JPEG renditions at several widths under
 * `processed/<name>/` plus a manifest. Configured by `RENDITION_*` variables (see config.ts).
 */
export default onObject(
  { name: 'image-renditions', bucket: 'images', events: ['created'], prefix: SOURCE_PREFIX, timeoutSeconds: 120, memoryMb: 1536 },
  async (event, ctx) => {
    // Read per invocation so a configuration error names the variable in this
    // invocation's log instead of failing the module load.
    const options = renditionOptionsFromEnv();
    await processUpload(bucket('images'), event.data.key, options, { log: ctx.log, signal: ctx.signal });
  },
);
