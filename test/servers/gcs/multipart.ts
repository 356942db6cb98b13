import { badRequest } from './errors.js';

/** Receives one part of a multipart body: its headers first, then its bytes in order. */
export interface PartHandler {
  /** Called when a part's headers are read; returns where its bytes go. */
  startPart(index: number, headers: Record<string, string>): { write(chunk: Buffer): Promise<void> | void };
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const HEADER_LIMIT = 16 * 1024;

/** The boundary parameter of a `multipart/related; boundary=…` content type. */
export function multipartBoundary(contentType: string | undefined): string {
  const match = /^multipart\/related\s*;.*?boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw badRequest('Multipart uploads need Content-Type: multipart/related; boundary=…');
  return boundary;
}

/**
 * Streams a multipart/related body (RFC 2387, as GCS multipart uploads use it) part by
 * part. Only a tail the length of the delimiter is ever held back, so a part of any size
 * passes through in the chunks it arrived in. Accepts a close delimiter with or without
 * the final CRLF (teeny-request omits it).
 */
export async function readMultipart(body: AsyncIterable<Buffer>, boundary: string, handler: PartHandler): Promise<number> {
  // Searching for CRLF--boundary everywhere, the very first delimiter included, is simpler
  // with a CRLF in front of the body.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = CRLF;
  // (`as`: the closure below changes it; a plain initialiser would narrow it for good)
  let state = 'preamble' as 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done';
  let parts = 0;
  let sink: { write(chunk: Buffer): Promise<void> | void } | undefined;

  const step = async (final: boolean): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) return false;
        buffer = buffer.subarray(at + delimiter.length);
        state = 'afterDelimiter';
        return true;
      }
      case 'afterDelimiter': {
        if (buffer.length < 2) {
          if (final) throw badRequest('Multipart body ends inside a delimiter');
          return false;
        }
        if (buffer.subarray(0, 2).toString() === '--') {
          state = 'done';
          return false;
        }
        const eol = buffer.indexOf(CRLF);
        if (eol < 0) return false;
        buffer = buffer.subarray(eol); // keep the CRLF: an empty header block is then "\r\n\r\n"
        state = 'headers';
        return true;
      }
      case 'headers': {
        const end = buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (buffer.length > HEADER_LIMIT) throw badRequest('Multipart part headers too large');
          return false;
        }
        const headers = parseHeaders(buffer.subarray(2, end).toString('utf8'));
        buffer = buffer.subarray(end + HEADER_END.length);
        sink = handler.startPart(parts++, headers);
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buffer.indexOf(delimiter);
        if (at >= 0) {
          if (at > 0) await sink!.write(buffer.subarray(0, at));
          buffer = buffer.subarray(at + delimiter.length);
          state = 'afterDelimiter';
          return true;
        }
        const safe = buffer.length - (delimiter.length - 1);
        if (safe > 0) {
          await sink!.write(buffer.subarray(0, safe));
          buffer = buffer.subarray(safe);
        }
        return false;
      }
      case 'done':
        return false;
    }
  };

  for await (const chunk of body) {
    buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
    while (await step(false));
  }
  while (await step(true));
  if (state !== 'done') throw badRequest('Multipart body is incomplete (no closing delimiter)');
  return parts;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
