import { CRC32C } from '@google-cloud/storage';
import { describe, expect, it } from 'vitest';
import { parseContentRange } from './gcs/content-range.js';
import { crc32cBase64, crc32cUpdate } from './gcs/crc32c.js';
import { parseRange } from './gcs/media.js';
import { readMultipart } from './gcs/multipart.js';
import { patternBytes } from './test-data.js';

describe('crc32c', () => {
  it('matches the published CRC32C check value and iSCSI test vectors (RFC 3720 B.4)', () => {
    expect(crc32cUpdate(0, Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cUpdate(0, Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32cUpdate(0, Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32cUpdate(0, Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
    expect(crc32cUpdate(0, Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)))).toBe(0x113fdb5c);
  });

  it('agrees with the CRC32C of @google-cloud/storage, whatever the alignment and chunking', () => {
    const data = patternBytes(100_003, 9);
    const reference = new CRC32C();
    reference.update(data);
    expect(crc32cBase64(crc32cUpdate(0, data))).toBe(reference.toString());
    const unaligned = Buffer.concat([Buffer.alloc(1), data]).subarray(1);
    let running = 0;
    for (let at = 0; at < unaligned.length; at += 7777) running = crc32cUpdate(running, unaligned.subarray(at, at + 7777));
    expect(crc32cBase64(running)).toBe(reference.toString());
  });
});

describe('multipart/related reader', () => {
  const body = (boundary: string, media: Buffer): Buffer => Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n{"name":"x"}\r\n--${boundary}\r\nContent-Type: image/png\r\n\r\n`),
    media,
    Buffer.from(`\r\n--${boundary}--`),
  ]);

  async function parse(chunks: Buffer[], boundary: string) {
    const parts: { headers: Record<string, string>; data: Buffer[] }[] = [];
    await readMultipart((async function* () { yield* chunks; })(), boundary, {
      startPart(_index, headers) {
        const part = { headers, data: [] as Buffer[] };
        parts.push(part);
        return { write: (chunk: Buffer) => void part.data.push(Buffer.from(chunk)) };
      },
    });
    return parts.map((p) => ({ headers: p.headers, data: Buffer.concat(p.data) }));
  }

  it('splits parts correctly even when the body arrives one byte at a time', async () => {
    // Media containing CRLF, dashes and a near-boundary must survive untouched.
    const media = Buffer.from('\r\n--b0undary\r\n--boundar\r\n-');
    const whole = body('boundary', media);
    const oneByOne = [...whole].map((byte) => Buffer.from([byte]));
    for (const chunks of [[whole], oneByOne]) {
      const parts = await parse(chunks, 'boundary');
      expect(parts).toEqual([
        { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"name":"x"}') },
        { headers: { 'content-type': 'image/png' }, data: media },
      ]);
    }
  });

  it('fails on a body without its closing delimiter', async () => {
    const truncated = body('boundary', Buffer.from('data')).subarray(0, -12);
    await expect(parse([truncated], 'boundary')).rejects.toMatchObject({ status: 400 });
  });
});

describe('header parsing', () => {
  it('reads resumable Content-Range forms', () => {
    expect(parseContentRange('bytes 0-*/*')).toEqual({ kind: 'data', start: 0, end: undefined, total: undefined });
    expect(parseContentRange('bytes 0-262143/*')).toEqual({ kind: 'data', start: 0, end: 262143, total: undefined });
    expect(parseContentRange('bytes 262144-299999/300000')).toEqual({ kind: 'data', start: 262144, end: 299999, total: 300000 });
    expect(parseContentRange('bytes */*')).toEqual({ kind: 'status', total: undefined });
    expect(parseContentRange('bytes */300000')).toEqual({ kind: 'status', total: 300000 });
    expect(parseContentRange('bytes 0--1/0')).toEqual({ kind: 'status', total: 0 });
    expect(() => parseContentRange('bytes 5-2/10')).toThrow();
    expect(() => parseContentRange('items 0-1/2')).toThrow();
  });

  it('reads download Range forms', () => {
    expect(parseRange('bytes=2-5', 10)).toEqual({ start: 2, end: 5 });
    expect(parseRange('bytes=7-', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-2', 10)).toBeUndefined();
    expect(parseRange('bytes=0-1,4-5', 10)).toBeUndefined();
    expect(parseRange(undefined, 10)).toBeUndefined();
  });
});
