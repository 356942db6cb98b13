import sharp from 'sharp';

/**
 * A photo-like test image: smooth gradients plus texture, so encoders do real work.
 * `orientation` stores it with that EXIF orientation (6: sideways, shown rotated 90°).
 */
export async function photo(width: number, height: number, options: { orientation?: number; format?: 'jpeg' | 'png'; quality?: number } = {}): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x ^ y) & 0xff) >> 1;
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (options.orientation) image = image.withMetadata({ orientation: options.orientation });
  return options.format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: options.quality ?? 90 }).toBuffer();
}

/** A tiny PNG that declares `width`×`height` of one colour: a decompression bomb. */
export function bomb(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } }).png({ compressionLevel: 9 }).toBuffer();
}
