import { isTextContentType, type ResponseParts } from '@faasade/core/adapter';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A result body as every Lambda front door takes it: a string, base64 when it is not text. */
export interface EncodedBody {
  body: string;
  isBase64Encoded: boolean;
}

const EMPTY: EncodedBody = { body: '', isBase64Encoded: false };

/**
 * Encodes a response body for Lambda's JSON result. Text content types travel as text so
 * logs and API Gateway mappings stay readable; everything else (and text that is not
 * valid UTF-8) travels as base64, which every front door decodes back to the same bytes.
 */
export function encodeBody(parts: ResponseParts): EncodedBody {
  const { body } = parts;
  if (body === null || body.length === 0) return EMPTY;
  const type = contentType(parts.headers);
  const text = type === 'application/json' || isTextContentType(type);
  if (typeof body === 'string') {
    return text ? { body, isBase64Encoded: false } : { body: Buffer.from(body, 'utf8').toString('base64'), isBase64Encoded: true };
  }
  if (text) {
    try {
      return { body: strictUtf8.decode(body), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: base64 keeps the bytes exact.
    }
  }
  return { body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'), isBase64Encoded: true };
}

function contentType(headers: ResponseParts['headers']): string | undefined {
  for (let i = 0; i < headers.length; i++) {
    const pair = headers[i]!;
    if (pair[0] === 'content-type') return pair[1];
  }
  return undefined;
}
