import sharp, { type Metadata } from 'sharp';
import type { RenditionOptions } from './config.js';

/** Why a source was rejected; written beside it under `rejected/`. */
export type RejectionCode = 'Empty' | 'TooLarge' | 'NotAnImage' | 'UnsupportedFormat' | 'TooManyPixels' | 'Corrupt';

/** A source the pipeline will not process, and why. */
export interface Rejection {
  code: RejectionCode;
  message: string;
}

/** What the header says about an acceptable source. */
export interface SourceInfo {
  format: string;
  /** Dimensions after EXIF auto-orientation. */
  width: number;
  height: number;
  hasAlpha: boolean;
}

// Formats decoded without a surprise: no SVG (external references, scripts), no PDF or
// other document formats, no camera raw.
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'avif', 'heif', 'tiff', 'gif']);

/**
 * Reads only the image header — no pixels are decoded — and decides whether the source
 * is safe and worth decoding. Decompression bombs are caught here by their declared size.
 */
export async function inspectSource(input: Uint8Array, options: RenditionOptions): Promise<SourceInfo | Rejection> {
  if (input.byteLength === 0) return { code: 'Empty', message: 'the upload is empty (0 bytes)' };
  if (input.byteLength > options.maxInputBytes) {
    return { code: 'TooLarge', message: `the upload is ${input.byteLength} bytes; the limit is ${options.maxInputBytes}` };
  }
  let metadata: Metadata;
  try {
    // limitInputPixels: false here because the limit is checked below with a clearer reason.
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    return { code: 'NotAnImage', message: 'the upload is not an image format this pipeline can read' };
  }
  const format = metadata.format;
  if (!format || !ACCEPTED_FORMATS.has(format)) {
    return { code: 'UnsupportedFormat', message: `format "${format ?? 'unknown'}" is not accepted; send JPEG, PNG, WebP, AVIF, HEIF, TIFF or GIF` };
  }
  const { width, height } = metadata;
  if (!width || !height) return { code: 'Corrupt', message: 'the image header has no dimensions' };
  if (width * height > options.maxPixels) {
    return { code: 'TooManyPixels', message: `${width}×${height} is ${width * height} pixels; the limit is ${options.maxPixels}` };
  }
  // EXIF orientations 5–8 swap the axes.
  const swapped = (metadata.orientation ?? 1) >= 5;
  return { format, width: swapped ? height : width, height: swapped ? width : height, hasAlpha: metadata.hasAlpha ?? false };
}

/** Type guard: the inspection rejected the source. */
export function isRejection(value: SourceInfo | Rejection): value is Rejection {
  return 'code' in value;
}
