import { createHash, randomBytes } from 'node:crypto';
import { Bucket, isStorageError, STORAGE_ERROR_CODES, TRANSIENT_CODES } from '@faasade/core/storage';

/** One object of the workload: its key, bytes and their SHA-256. */
export interface TestObject {
  key: string;
  bytes: Uint8Array;
  sha: string;
}

/** How each call of one phase ended: `ok`, or the error's code (`not a StorageError: …` otherwise). */
export type Outcomes = Map<string, string>;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** `count` objects under `prefix`: mostly small, some up to 512 KiB. */
export function makeObjects(prefix: string, count: number): TestObject[] {
  return Array.from({ length: count }, (_, i) => {
    const size = i % 10 === 9 ? 64 * 1024 + (i * 7919) % (448 * 1024) : i % 3 === 2 ? 4096 + (i * 104_729) % 60_000 : (i * 31) % 4096;
    const bytes = new Uint8Array(randomBytes(size));
    return { key: `${prefix}${String(i).padStart(4, '0')}.bin`, bytes, sha: sha256(bytes) };
  });
}

/** What a failure is, as a string: its portable code, or a note that it has none. */
export function codeOf(error: unknown): string {
  if (isStorageError(error) && STORAGE_ERROR_CODES.includes(error.code)) return error.code;
  return `not a StorageError: ${String(error)}`;
}

/** Runs `work` over `items`, `concurrency` at a time, recording each outcome by key. */
export async function inPool<T extends { key: string }>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<Outcomes> {
  const outcomes: Outcomes = new Map();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      outcomes.set(item.key, await work(item).then(() => 'ok', codeOf));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

/** Reads a Web stream to the end (a streamed `get` as a caller reads it). */
export async function readStream(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(part.value);
  return new Uint8Array(Buffer.concat(chunks));
}

/** What the server holds after the workload, read directly (no proxy, no faults). */
export interface Verdict {
  /** Reported written, never asked to be deleted, and missing. */
  lost: string[];
  /** Present with other bytes than any write of its key. */
  corrupted: string[];
  /** Present although never written, written only by a write that failed for good, or deleted successfully. */
  extra: string[];
  /** Listed more than once. */
  duplicated: string[];
  /** Present after a put that failed with a transient code: its first attempt landed. Allowed. */
  landedAfterFailure: string[];
}

/** Compares what `direct` lists and holds under `prefix` with what the workload was told. */
export async function verify(direct: Bucket, prefix: string, objects: readonly TestObject[], puts: Outcomes, deletes: Outcomes): Promise<Verdict> {
  const verdict: Verdict = { lost: [], corrupted: [], extra: [], duplicated: [], landedAfterFailure: [] };
  const listed: string[] = [];
  for await (const entry of direct.list({ prefix })) listed.push(entry.key);
  verdict.duplicated = listed.filter((key, i) => listed.indexOf(key) !== i);
  const present = new Set(listed);
  const byKey = new Map(objects.map((object) => [object.key, object]));
  for (const key of present) {
    const object = byKey.get(key);
    const put = puts.get(key);
    const mayExist = put === 'ok' || TRANSIENT_CODES.has(put as never);
    if (!object || !mayExist || deletes.get(key) === 'ok') verdict.extra.push(key);
    else if (sha256(await direct.getBytes(key)) !== object.sha) verdict.corrupted.push(key);
    else if (put !== 'ok') verdict.landedAfterFailure.push(key);
  }
  for (const object of objects) {
    // A delete that failed in transit may have happened: only keys never deleted must be there.
    if (puts.get(object.key) === 'ok' && !deletes.has(object.key) && !present.has(object.key)) verdict.lost.push(object.key);
  }
  return verdict;
}

/** Codes and counts of the failures among `outcomes`, e.g. `{ Unavailable: 2 }`. */
export function failureCounts(outcomes: Outcomes): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes.values()) if (outcome !== 'ok') counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}
