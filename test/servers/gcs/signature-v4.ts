import { createHash, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GcsError } from './errors.js';

/**
 * Query-string authentication of GCS signed URLs
 * (https://cloud.google.com/storage/docs/access-control/signed-urls). Expiry is always
 * enforced. V4 RSA signatures are verified when the server knows the signer's public
 * key; without keys (or for V2 URLs) any signature is accepted.
 */
export function checkSignedUrl(req: IncomingMessage, rawPath: string, query: URLSearchParams, keys: Record<string, string> | undefined): void {
  if (query.has('X-Goog-Algorithm')) return checkV4(req, rawPath, query, keys);
  const expires = Number(query.get('Expires'));
  if (!Number.isInteger(expires)) throw denied(400, 'InvalidArgument', 'Signed URL (V2) without a valid Expires');
  if (Date.now() / 1000 > expires) throw denied(400, 'ExpiredToken', `Request has expired: ${expires}`);
  if (keys) throw denied(400, 'InvalidArgument', 'V2 signed URLs cannot be verified by the test server; sign with version v4');
}

function checkV4(req: IncomingMessage, rawPath: string, query: URLSearchParams, keys: Record<string, string> | undefined): void {
  const algorithm = query.get('X-Goog-Algorithm');
  const date = query.get('X-Goog-Date') ?? '';
  const expires = Number(query.get('X-Goog-Expires'));
  const credential = query.get('X-Goog-Credential') ?? '';
  const signedHeaders = query.get('X-Goog-SignedHeaders') ?? '';
  const signature = query.get('X-Goog-Signature') ?? '';
  const time = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!time || !Number.isInteger(expires) || expires < 1 || expires > 604800 || !credential.includes('/')) {
    throw denied(400, 'AuthorizationQueryParametersError', 'Malformed X-Goog-Date, X-Goog-Expires or X-Goog-Credential');
  }
  const signedAt = Date.UTC(+time[1]!, +time[2]! - 1, +time[3]!, +time[4]!, +time[5]!, +time[6]!);
  if (Date.now() > signedAt + expires * 1000) throw denied(400, 'ExpiredToken', `Request has expired: ${date} + ${expires}s`);
  if (!keys) return;
  if (algorithm !== 'GOOG4-RSA-SHA256') throw denied(400, 'InvalidArgument', `Cannot verify ${algorithm} signatures`);
  const email = credential.slice(0, credential.indexOf('/'));
  const key = keys[email];
  if (!key) throw denied(403, 'AccessDenied', `No public key known for ${email}`);
  const stringToSign = ['GOOG4-RSA-SHA256', date, credential.slice(email.length + 1), sha256Hex(canonicalRequest(req, rawPath, query, signedHeaders))].join('\n');
  const ok = /^[0-9a-f]+$/i.test(signature) && verify('RSA-SHA256', Buffer.from(stringToSign), key, Buffer.from(signature, 'hex'));
  if (!ok) throw denied(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
}

function canonicalRequest(req: IncomingMessage, rawPath: string, query: URLSearchParams, signedHeaders: string): string {
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Goog-Signature')
    .map(([name, value]) => [rfc3986(name), rfc3986(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const names = signedHeaders.split(';').filter(Boolean);
  const canonicalHeaders = names.map((name) => `${name}:${headerValue(req, name)}\n`).join('');
  const payload = names.includes('x-goog-content-sha256') ? headerValue(req, 'x-goog-content-sha256') : 'UNSIGNED-PAYLOAD';
  return [req.method, rawPath, canonicalQuery, canonicalHeaders, signedHeaders, payload].join('\n');
}

function headerValue(req: IncomingMessage, name: string): string {
  const raw = req.headers[name];
  const value = (Array.isArray(raw) ? raw.join(',') : raw ?? '').trim().replace(/\s{2,}/g, ' ');
  // Signers put the endpoint's host name without a port (storage.googleapis.com has none);
  // the test server listens on a port, so the port is dropped before comparing.
  return name === 'host' ? value.replace(/:\d+$/, '') : value;
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function denied(status: number, code: string, message: string): GcsError {
  return new GcsError(status, status === 403 ? 'forbidden' : 'invalid', message, code);
}
