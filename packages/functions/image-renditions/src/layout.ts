/**
 * Where things live in the images bucket. Sources arrive under `uploads/`; everything the
 * pipeline writes goes outside it, so its own writes can never trigger it again.
 */
export const SOURCE_PREFIX = 'uploads/';
export const OUTPUT_PREFIX = 'processed/';
export const REJECTED_PREFIX = 'rejected/';

/** The source's name: its key under `uploads/` without the extension (`uploads/a/cat.jpg` → `a/cat`). */
export function sourceName(key: string): string | undefined {
  if (!key.startsWith(SOURCE_PREFIX)) return undefined;
  const relative = key.slice(SOURCE_PREFIX.length);
  const slash = relative.lastIndexOf('/');
  const dot = relative.lastIndexOf('.');
  const name = dot > slash + 1 ? relative.slice(0, dot) : relative;
  return name === '' || name.endsWith('/') ? undefined : name;
}

/** `processed/<name>/<width>.<ext>` */
export function renditionKey(name: string, width: number, format: string): string {
  return `${OUTPUT_PREFIX}${name}/${width}.${format === 'jpeg' ? 'jpg' : format}`;
}

/** `processed/<name>/manifest.json` */
export function manifestKey(name: string): string {
  return `${OUTPUT_PREFIX}${name}/manifest.json`;
}

/** Where a rejected source is moved: `uploads/x.jpg` → `rejected/x.jpg`, reason at `rejected/x.jpg.reason.json`. */
export function rejectedKeys(key: string): { object: string; reason: string } {
  const object = REJECTED_PREFIX + key.slice(SOURCE_PREFIX.length);
  return { object, reason: `${object}.reason.json` };
}
