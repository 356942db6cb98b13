import { isTextContentType } from '@faasade/core/adapter';

/** A response body as JSON output carries it: text when it is text, else base64. */
export interface JsonBody {
  body: string | null;
  isBase64Encoded: boolean;
}

/** Encodes bytes for JSON output by their content type (or by whether they are valid UTF-8). */
export function jsonBody(bytes: Uint8Array | string | null | undefined, contentType: string | undefined): JsonBody {
  if (bytes === null || bytes === undefined) return { body: null, isBase64Encoded: false };
  if (typeof bytes === 'string') return { body: bytes, isBase64Encoded: false };
  if (contentType ? isTextContentType(contentType) : isUtf8(bytes)) return { body: Buffer.from(bytes).toString('utf8'), isBase64Encoded: false };
  return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
