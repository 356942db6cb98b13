import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Writes a zip of everything under `dir` (paths relative to it, `/`-separated, sorted).
 * Entries are deflated, dated 1980-01-01 and marked as Unix 0644 files, so the same
 * input gives the same bytes (deployment tools compare hashes to skip uploads) and the
 * platform can read every file. Zip64 is not written: artifacts stay far below 4 GiB.
 */
export async function zipDirectory(dir: string, zipFile: string): Promise<number> {
  const files = (await listFiles(dir)).sort();
  const out = createWriteStream(zipFile);
  const central: Buffer[] = [];
  let offset = 0;
  const write = (chunk: Buffer) => new Promise<void>((resolve, reject) => {
    out.write(chunk, (error) => (error ? reject(error) : resolve()));
    offset += chunk.length;
  });
  for (const file of files) {
    const name = Buffer.from(relative(dir, file).split(sep).join('/'), 'utf8');
    const data = await readFile(file);
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = header(0x04034b50, name, { crc, compressed: body.length, size: data.length, method: stored ? 0 : 8 });
    central.push(header(0x02014b50, name, { crc, compressed: body.length, size: data.length, method: stored ? 0 : 8, offset }));
    await write(local);
    await write(body);
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await write(directory);
  await write(end);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return offset;
}

interface EntryFields {
  crc: number;
  compressed: number;
  size: number;
  method: 0 | 8;
  offset?: number;
}

// Local file header (30 bytes) or central directory header (46 bytes), then the name.
function header(signature: number, name: Buffer, fields: EntryFields): Buffer {
  const central = signature === 0x02014b50;
  const fixed = Buffer.alloc(central ? 46 : 30);
  let at = 0;
  const u16 = (value: number) => { fixed.writeUInt16LE(value, at); at += 2; };
  const u32 = (value: number) => { fixed.writeUInt32LE(value >>> 0, at); at += 4; };
  u32(signature);
  if (central) u16((3 << 8) | 20); // made by: Unix, zip 2.0
  u16(20); // version needed
  u16(0x0800); // UTF-8 names
  u16(fields.method);
  u16(0); // time 00:00
  u16((0 << 9) | (1 << 5) | 1); // date 1980-01-01
  u32(fields.crc);
  u32(fields.compressed);
  u32(fields.size);
  u16(name.length);
  u16(0); // extra field length
  if (central) {
    u16(0); // comment length
    u16(0); // disk number
    u16(0); // internal attributes
    u32((0o100644 << 16) >>> 0); // external attributes: a regular file, rw-r--r--
    u32(fields.offset ?? 0);
  }
  return Buffer.concat([fixed, name]);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
