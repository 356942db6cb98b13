import { FaasadeConfigError } from '@faasade/core';

/** Encodings the pipeline writes. */
export type OutputFormat = 'webp' | 'avif' | 'jpeg';

/** What the pipeline produces. Every field has a default; see {@link DEFAULT_RENDITIONS}. */
export interface RenditionOptions {
  /** Output widths in pixels. Wider than the source is never produced (no upscaling). */
  widths: readonly number[];
  /** Encodings written for every width. */
  formats: readonly OutputFormat[];
  /** Encoder quality per format (1–100). */
  quality: Readonly<Record<OutputFormat, number>>;
  /** Watermark text (drawn with a built-in bitmap font); empty for none. */
  watermark: string;
  /** Largest accepted source in pixels (width × height): the decompression-bomb guard. */
  maxPixels: number;
  /** Largest accepted source file in bytes. */
  maxInputBytes: number;
  /** `Cache-Control` of every output: renditions of one source version never change. */
  cacheControl: string;
}

/** The defaults: three screen sizes, three encodings, a 50 megapixel limit. */
export const DEFAULT_RENDITIONS: Readonly<RenditionOptions> = Object.freeze<RenditionOptions>({
  widths: [320, 768, 1600],
  formats: ['webp', 'avif', 'jpeg'],
  quality: { webp: 80, avif: 50, jpeg: 80 },
  watermark: '© faasade',
  maxPixels: 50_000_000,
  maxInputBytes: 50 * 1024 * 1024,
  cacheControl: 'public, max-age=31536000, immutable',
});

const FORMATS: ReadonlySet<string> = new Set(['webp', 'avif', 'jpeg']);

/**
 * Options from the environment over the defaults: `RENDITION_WIDTHS` (comma separated),
 * `RENDITION_FORMATS`, `RENDITION_WATERMARK`, `RENDITION_MAX_PIXELS`.
 * @throws FaasadeConfigError naming the variable when a value is invalid.
 */
export function renditionOptionsFromEnv(env: Record<string, string | undefined> = process.env): RenditionOptions {
  const options: RenditionOptions = { ...DEFAULT_RENDITIONS };
  if (env.RENDITION_WIDTHS) {
    const widths = env.RENDITION_WIDTHS.split(',').map((w) => Number(w.trim()));
    if (widths.some((w) => !Number.isInteger(w) || w < 1 || w > 16384)) {
      throw new FaasadeConfigError(`RENDITION_WIDTHS must be comma-separated widths from 1 to 16384, got "${env.RENDITION_WIDTHS}"`);
    }
    options.widths = widths;
  }
  if (env.RENDITION_FORMATS) {
    const formats = env.RENDITION_FORMATS.split(',').map((f) => f.trim());
    const unknown = formats.filter((f) => !FORMATS.has(f));
    if (unknown.length || formats.length === 0) {
      throw new FaasadeConfigError(`RENDITION_FORMATS may list webp, avif and jpeg; "${unknown.join(', ')}" is not one of them`);
    }
    options.formats = formats as OutputFormat[];
  }
  if (env.RENDITION_WATERMARK !== undefined) options.watermark = env.RENDITION_WATERMARK;
  if (env.RENDITION_MAX_PIXELS) {
    const max = Number(env.RENDITION_MAX_PIXELS);
    if (!Number.isInteger(max) || max < 1) throw new FaasadeConfigError(`RENDITION_MAX_PIXELS must be a positive integer, got "${env.RENDITION_MAX_PIXELS}"`);
    options.maxPixels = max;
  }
  return options;
}
