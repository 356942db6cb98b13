import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CRC32C } from '@google-cloud/storage';
import { crc32c, Crc32cValidator } from '../../src/storage/crc32c.js';

/** The SDK's own (slow, byte-at-a-time) CRC32C as the reference. */
function reference(...chunks: Uint8Array[]): string {
  const sdk = new CRC32C();
  for (const chunk of chunks) sdk.update(Buffer.from(chunk));
  return sdk.toString();
}

describe('crc32c', () => {
  it('gives the published check value for "123456789" (0xE3069283) and 0 for no bytes', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the SDK for every length and alignment around the 8-byte steps', () => {
    const data = randomBytes(4096);
    for (let offset = 0; offset < 8; offset++) {
      for (const length of [0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4000]) {
        const slice = data.subarray(offset, offset + length);
        const validator = new Crc32cValidator();
        validator.update(slice);
        expect(validator.toString(), `offset ${offset}, length ${length}`).toBe(reference(slice));
      }
    }
  });

  it('continues across chunks of any size, as a stream hands them over', () => {
    const data = randomBytes(1 << 20);
    const validator = new Crc32cValidator();
    for (let at = 0, step = 1; at < data.length; at += step, step = (step * 7 + 3) % 9973) validator.update(data.subarray(at, at + step));
    expect(validator.toString()).toBe(reference(data));
    expect(validator.validate(reference(data))).toBe(true);
    expect(validator.validate(reference(data.subarray(1)))).toBe(false);
  });
});
