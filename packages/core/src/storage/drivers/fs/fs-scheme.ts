import { fileURLToPath } from 'node:url';
import { StorageError } from '../../errors.js';
import type { StorageScheme } from '../../driver.js';
import { FsDriver } from './fs-driver.js';

const FLAGS: Readonly<Record<string, boolean>> = { true: true, '1': true, false: false, '0': false };

/**
 * `file:///absolute/dir`: a bucket in a local directory. Parameters: `create=true` makes
 * the directory on first use (else a missing one is a missing bucket); `baseUrl=` sets
 * where signed URLs point (see `FsDriverOptions.signedUrlBase`).
 */
export const fsScheme: StorageScheme = {
  scheme: 'file',
  open(url: URL) {
    let create = false;
    let signedUrlBase: string | undefined;
    for (const [name, value] of url.searchParams) {
      if (name === 'create' && value in FLAGS) create = FLAGS[value]!;
      else if (name === 'baseUrl') signedUrlBase = value;
      else throw new StorageError('InvalidArgument', `file: unknown or invalid URL parameter ${name}=${value} (known: create=true|false, baseUrl=)`);
    }
    if (url.host !== '' && url.host !== 'localhost') throw new StorageError('InvalidArgument', `file: URLs name a local directory; got host "${url.host}"`);
    const bare = new URL(url.href);
    bare.search = '';
    return new FsDriver({ root: fileURLToPath(bare), create, ...(signedUrlBase === undefined ? {} : { signedUrlBase }) });
  },
};
