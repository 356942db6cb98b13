import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every regular file below `dir`, recursively (none when it is gone). */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
}

/** True when `dir` exists and is a directory. */
export async function isDirectory(dir: string): Promise<boolean> {
  return lstat(dir).then((stats) => stats.isDirectory(), () => false);
}

/**
 * Resolves once `dir` exists again, looking every `intervalMs`; never, when `stopped()`
 * turns true first (the caller is shutting down).
 */
export async function directoryBack(dir: string, intervalMs: number, stopped: () => boolean): Promise<boolean> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    if (stopped()) return false;
    if (await isDirectory(dir)) return true;
  }
}
