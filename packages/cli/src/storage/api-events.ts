import { KNOWN_DRIVER_PACKAGES, fsScheme, memoryScheme, registerStorageScheme, type StorageDriver, type StorageScheme } from '@faasade/core/storage';
import type { BucketBinding } from './bindings.js';
import type { ObjectChange } from './bucket-watcher.js';

const BUILT_IN: Readonly<Record<string, StorageScheme>> = { file: fsScheme, mem: memoryScheme };

/**
 * Events for buckets that are not local directories (`mem://`, or a cloud bucket bound by
 * URL), where no watcher can see changes: the runtime puts itself between the storage
 * API and the driver of each such scheme, and reports every `put` and `copy` as created
 * and every `delete` as deleted (as S3 does, also for a key that did not exist) once the
 * driver has done it. Only writes made through this process's storage API are seen —
 * the functions' own; for writes by anything else, the cloud's own notifications go to
 * deployed functions. Functions share the runtime's copy of `@faasade/core` when they
 * resolve to the same files (a workspace, one install), which is what makes this work.
 */
export function reportApiWrites(bindings: readonly BucketBinding[], deliver: (binding: BucketBinding, change: ObjectChange) => void): void {
  const schemes = new Set(bindings.filter((binding) => !binding.dir).map((binding) => new URL(binding.url).protocol.slice(0, -1)));
  for (const scheme of schemes) {
    let real: Promise<StorageScheme> | undefined;
    registerStorageScheme({
      scheme,
      async open(url) {
        real ??= realScheme(scheme);
        const driver = await (await real).open(url);
        const binding = bindings.find((candidate) => sameBucket(candidate.url, url));
        return binding ? reporting(driver, (change) => deliver(binding, change)) : driver;
      },
    });
  }
}

async function realScheme(scheme: string): Promise<StorageScheme> {
  const builtIn = BUILT_IN[scheme];
  if (builtIn) return builtIn;
  const specifier = KNOWN_DRIVER_PACKAGES[scheme];
  if (!specifier) throw new Error(`no storage driver for "${scheme}:"`);
  const module = (await import(specifier)) as { storageScheme?: StorageScheme };
  if (!module.storageScheme) throw new Error(`${specifier} exports no storageScheme`);
  return module.storageScheme;
}

function sameBucket(bound: string, opened: URL): boolean {
  const a = new URL(bound);
  return a.protocol === opened.protocol && a.host === opened.host && a.pathname === opened.pathname;
}

/** The driver with its writes reported; every other member passes through untouched. */
function reporting(driver: StorageDriver, report: (change: ObjectChange) => void): StorageDriver {
  const now = (): string => new Date().toISOString();
  const wrapped: Partial<StorageDriver> = {
    put: async (key, body, opts) => {
      const result = await driver.put(key, body, opts);
      report({ kind: 'created', key, etag: result.etag, contentType: opts.contentType, ...(body.size === undefined ? {} : { size: body.size }), time: now() });
      return result;
    },
    copy: async (dstKey, srcKey, opts) => {
      const result = await driver.copy(dstKey, srcKey, opts);
      report({ kind: 'created', key: dstKey, etag: result.etag, time: now() });
      return result;
    },
    delete: async (key, opts) => {
      await driver.delete(key, opts);
      report({ kind: 'deleted', key, time: now() });
    },
  };
  return new Proxy(driver, {
    get(target, property) {
      if (property in wrapped) return wrapped[property as keyof StorageDriver];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
