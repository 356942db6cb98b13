import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { StorageError } from '../../errors.js';
import type { SignedUrlMethod } from '../../types.js';

/** The environment variable holding the key fs signed URLs are signed with. */
export const SIGNING_SECRET_ENV = 'FAASADE_SIGNING_SECRET';

// Without a configured secret, URLs are valid only within this process (the dev server's).
let processSecret: Uint8Array | undefined;

/** The secret from the option, the environment, or one made for this process. */
export function signingSecret(option: string | Uint8Array | undefined): Uint8Array {
  if (option !== undefined) return typeof option === 'string' ? Buffer.from(option) : option;
  const fromEnv = process.env[SIGNING_SECRET_ENV];
  if (fromEnv) return Buffer.from(fromEnv);
  return (processSecret ??= randomBytes(32));
}

/** What a signed URL grants. */
export interface SignedGrant {
  method: SignedUrlMethod;
  /** The key as the driver sees it (bucket prefix included). */
  key: string;
  /** Unix seconds after which the URL is refused. */
  expires: number;
  /** For PUT: the content type the uploader must send. */
  contentType?: string;
}

/**
 * Builds `<base>?key=…&method=…&expires=…[&contentType=…]&signature=…`. The key travels
 * as a query parameter, not as path segments, so URL normalisation of `.`/`..` segments
 * cannot change which key the URL names. `scope` binds the signature to one bucket root.
 */
export function signUrl(base: string, grant: SignedGrant, scope: string, secret: Uint8Array): string {
  const url = new URL(base);
  url.search = '';
  url.searchParams.set('key', grant.key);
  url.searchParams.set('method', grant.method);
  url.searchParams.set('expires', String(grant.expires));
  if (grant.contentType !== undefined) url.searchParams.set('contentType', grant.contentType);
  url.searchParams.set('signature', signature(grant, scope, secret));
  return url.href;
}

/**
 * Checks a signed URL for a request with `method` at time `nowMs`. Returns what it grants,
 * or rejects with `PermissionDenied` when it is expired, forged, for another bucket or
 * another method, and `InvalidArgument` when it is not a signed URL of this bucket at all.
 */
export function verifyUrl(href: string, method: string, base: string, scope: string, secret: Uint8Array, nowMs: number): SignedGrant {
  const url = new URL(href);
  const expected = new URL(base);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) throw new StorageError('InvalidArgument', 'not a signed URL of this bucket');
  const params = url.searchParams;
  const key = params.get('key');
  const signedMethod = params.get('method');
  const expires = Number(params.get('expires'));
  const given = params.get('signature') ?? '';
  if (key === null || (signedMethod !== 'GET' && signedMethod !== 'PUT') || !Number.isSafeInteger(expires)) {
    throw new StorageError('InvalidArgument', 'the signed URL lacks key, method or expires');
  }
  const contentType = params.get('contentType') ?? undefined;
  const grant: SignedGrant = { method: signedMethod, key, expires, ...(contentType === undefined ? {} : { contentType }) };
  const wanted = Buffer.from(signature(grant, scope, secret));
  const received = Buffer.from(given);
  if (received.byteLength !== wanted.byteLength || !timingSafeEqual(received, wanted)) throw new StorageError('PermissionDenied', 'the signature does not match');
  if (signedMethod !== method) throw new StorageError('PermissionDenied', `the URL was signed for ${signedMethod}, not ${method}`);
  if (nowMs > expires * 1000) throw new StorageError('PermissionDenied', 'the signed URL has expired');
  return grant;
}

function signature(grant: SignedGrant, scope: string, secret: Uint8Array): string {
  const payload = ['faasade-fs-v1', grant.method, scope, grant.key, String(grant.expires), grant.contentType ?? ''].join('\n');
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
