import type { ServerResponse } from 'node:http';

/**
 * An error the server answers with, in the shape of the GCS JSON API
 * (`{"error":{"code","message","errors":[{"message","domain","reason"}]}}`, see
 * https://cloud.google.com/storage/docs/json_api/v1/status-codes) or, for the XML-API
 * routes used by signed URLs, `<Error><Code>…</Code><Message>…</Message></Error>`.
 */
export class GcsError extends Error {
  constructor(
    readonly status: number,
    /** JSON API `reason`, e.g. `notFound`, `conditionNotMet`. */
    readonly reason: string,
    message: string,
    /** XML API `Code`, e.g. `NoSuchKey`. */
    readonly xmlCode: string = 'InvalidArgument',
  ) {
    super(message);
    this.name = 'GcsError';
  }
}

export const noSuchBucket = (bucket: string): GcsError =>
  new GcsError(404, 'notFound', `The specified bucket does not exist: ${bucket}`, 'NoSuchBucket');

export const noSuchObject = (bucket: string, name: string): GcsError =>
  new GcsError(404, 'notFound', `No such object: ${bucket}/${name}`, 'NoSuchKey');

export const conditionNotMet = (): GcsError =>
  new GcsError(412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.', 'PreconditionFailed');

export const badRequest = (message: string, reason = 'invalid'): GcsError =>
  new GcsError(400, reason, message, 'InvalidArgument');

/** Marker for a read whose `if…NotMatch` precondition failed: GCS answers 304 with no body. */
export const notModified = (): GcsError => new GcsError(304, 'notModified', 'Not Modified', 'NotModified');

/** Writes `err` as a GCS JSON API error response (unknown errors become a 500). */
export function sendJsonError(res: ServerResponse, err: unknown): void {
  const gcs = toGcsError(err);
  if (res.headersSent) return void res.destroy();
  if (gcs.status === 304) return void res.writeHead(304).end();
  const body = JSON.stringify({
    error: {
      code: gcs.status,
      message: gcs.message,
      errors: [{ message: gcs.message, domain: 'global', reason: gcs.reason }],
    },
  });
  res.writeHead(gcs.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Writes `err` as a GCS XML API error response (what signed-URL requests receive). */
export function sendXmlError(res: ServerResponse, err: unknown): void {
  const gcs = toGcsError(err);
  if (res.headersSent) return void res.destroy();
  if (gcs.status === 304) return void res.writeHead(304).end();
  const body = `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${gcs.xmlCode}</Code>` +
    `<Message>${escapeXml(gcs.message)}</Message></Error>`;
  res.writeHead(gcs.status, { 'content-type': 'application/xml; charset=UTF-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function toGcsError(err: unknown): GcsError {
  if (err instanceof GcsError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new GcsError(500, 'backendError', `Internal error in the test GCS server: ${message}`, 'InternalError');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
