import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './bitmap-font.js';

/** An RGBA overlay ready for sharp's `composite` (raw input). */
export interface Overlay {
  input: Buffer;
  raw: { width: number; height: number; channels: 4 };
}

/**
 * Draws `text` as white pixels on a translucent dark plate, each font pixel `scale`
 * image pixels wide, with one font pixel of padding. Pure JavaScript on a small buffer:
 * no fonts, no SVG, identical on every platform.
 */
export function renderTextOverlay(text: string, scale: number): Overlay {
  const chars = [...text];
  const pad = 1;
  const cols = chars.length * GLYPH_WIDTH - 1 + 2 * pad;
  const rows = GLYPH_HEIGHT + 2 * pad;
  const width = cols * scale;
  const height = rows * scale;
  const pixels = Buffer.alloc(width * height * 4);
  // The plate: black at 35% opacity keeps white text legible on light images.
  for (let i = 0; i < pixels.length; i += 4) pixels[i + 3] = 90;
  chars.forEach((char, index) => {
    const bits = glyph(char);
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let col = 0; col < 5; col++) {
        if (!((bits[row]! >> (4 - col)) & 1)) continue;
        fillCell(pixels, width, (pad + index * GLYPH_WIDTH + col) * scale, (pad + row) * scale, scale);
      }
    }
  });
  return { input: pixels, raw: { width, height, channels: 4 } };
}

function fillCell(pixels: Buffer, width: number, x0: number, y0: number, scale: number): void {
  for (let y = y0; y < y0 + scale; y++) {
    for (let x = x0; x < x0 + scale; x++) {
      const offset = (y * width + x) * 4;
      pixels[offset] = 255;
      pixels[offset + 1] = 255;
      pixels[offset + 2] = 255;
      pixels[offset + 3] = 200;
    }
  }
}

const cache = new Map<string, Overlay>();

/**
 * The watermark for an image `imageWidth` pixels wide: text about a quarter of the width,
 * at least one image pixel per font pixel. Rendered once per instance and size.
 */
export function watermarkFor(text: string, imageWidth: number, imageHeight: number): Overlay | undefined {
  if (text === '') return undefined;
  const cols = [...text].length * GLYPH_WIDTH + 1;
  let scale = Math.max(1, Math.floor(imageWidth / 4 / cols));
  // Never larger than the image itself (tiny images get the smallest legible mark or none).
  while (scale > 1 && ((cols + 1) * scale > imageWidth || (GLYPH_HEIGHT + 2) * scale > imageHeight)) scale--;
  if ((cols + 1) * scale > imageWidth || (GLYPH_HEIGHT + 2) * scale > imageHeight) return undefined;
  const key = `${scale}:${text}`;
  let overlay = cache.get(key);
  if (!overlay) {
    overlay = renderTextOverlay(text, scale);
    cache.set(key, overlay);
  }
  return overlay;
}
