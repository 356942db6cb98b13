import { createHash, type Hash } from 'node:crypto';
import { crc32cBase64, crc32cUpdate } from './crc32c.js';
import { badRequest } from './errors.js';

/** The two digests GCS keeps for an object, base64 as in object JSON. */
export interface ObjectDigests {
  md5Hash: string;
  crc32c: string;
}

/** Running MD5 + CRC32C over an object's bytes, fed in order as they are stored. */
export class ObjectHasher {
  private readonly md5: Hash = createHash('md5');
  private crc = 0;
  private bytes = 0;

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.crc = crc32cUpdate(this.crc, chunk);
    this.bytes += chunk.byteLength;
  }

  get size(): number {
    return this.bytes;
  }

  /** Finishes the hashes; the hasher cannot be used afterwards. */
  digests(): ObjectDigests {
    return { md5Hash: this.md5.digest('base64'), crc32c: crc32cBase64(this.crc) };
  }
}

/** `crc32c=…,md5=…` as GCS sends it in the `x-goog-hash` header. */
export function xGoogHash(digests: { md5Hash?: string; crc32c: string }): string {
  return digests.md5Hash ? `crc32c=${digests.crc32c},md5=${digests.md5Hash}` : `crc32c=${digests.crc32c}`;
}

/** Parses a client's `x-goog-hash` header (`crc32c=…,md5=…`) into the digests it claims. */
export function parseXGoogHash(header: string | string[] | undefined): Partial<ObjectDigests> {
  const claimed: Partial<ObjectDigests> = {};
  for (const pair of [header ?? []].flat().join(',').split(',')) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const kind = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (kind === 'crc32c') claimed.crc32c = value;
    if (kind === 'md5') claimed.md5Hash = value;
  }
  return claimed;
}

/** GCS rejects an upload whose bytes do not match a checksum the client sent (400). */
export function verifyClaimedDigests(actual: ObjectDigests, claimed: Partial<ObjectDigests>): void {
  if (claimed.crc32c && claimed.crc32c !== actual.crc32c) {
    throw badRequest(`Provided CRC32C "${claimed.crc32c}" doesn't match calculated CRC32C "${actual.crc32c}".`);
  }
  if (claimed.md5Hash && claimed.md5Hash !== actual.md5Hash) {
    throw badRequest(`Provided MD5 hash "${claimed.md5Hash}" doesn't match calculated MD5 hash "${actual.md5Hash}".`);
  }
}
