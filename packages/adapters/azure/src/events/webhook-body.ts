import type { HttpRequest } from '@azure/functions';
import { EventDecodeError } from '@faasade/core';
import { describe } from '@faasade/core/adapter';

/**
 * Largest delivery read, in bytes. Event Grid sends at most 1 MB per event and batches
 * of at most 1 MB (its "preferred batch size" tops out at 1024 KB), so 4 MiB leaves room
 * without letting a stray client make the function buffer anything large.
 */
export const MAX_DELIVERY_BYTES = 4 * 1024 * 1024;

/** The events of a webhook delivery, each with its path for error messages. */
export interface Delivery {
  events: unknown[];
  pathOf(index: number): string;
}

/**
 * Reads a webhook delivery: JSON, a UTF-8 byte order mark tolerated, either an array of
 * events (the Event Grid schema, and CloudEvents batches) or one event (a structured
 * CloudEvent, `application/cloudevents+json`).
 * @throws EventDecodeError `BodyTooLarge` over {@link MAX_DELIVERY_BYTES}, `InvalidBody`
 *   for a body that is not JSON, `UnknownEventShape` for JSON that is neither.
 */
export async function readDelivery(request: HttpRequest): Promise<Delivery> {
  const bytes = await readCapped(request);
  let body: unknown;
  try {
    // `fatal`: bytes that are not UTF-8 are an error, not replacement characters in a key.
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new EventDecodeError('InvalidBody', 'the delivery is not UTF-8 JSON', { path: 'body', cause });
  }
  if (Array.isArray(body)) return { events: body, pathOf: (index) => `body[${index}]` };
  if (typeof body === 'object' && body !== null) return { events: [body], pathOf: () => 'body' };
  throw new EventDecodeError('UnknownEventShape', `expected an array of events or one event, got ${describe(body)}`, { path: 'body' });
}

async function readCapped(request: HttpRequest): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > MAX_DELIVERY_BYTES) throw tooLarge(declared);
  const stream = request.body as ReadableStream<Uint8Array> | null;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > MAX_DELIVERY_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge(length);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof EventDecodeError) throw error;
    throw new EventDecodeError('InvalidBody', 'the delivery could not be read', { path: 'body', cause: error });
  }
  return Buffer.concat(chunks, length);
}

function tooLarge(bytes: number): EventDecodeError {
  return new EventDecodeError('BodyTooLarge', `the delivery is ${bytes} bytes; at most ${MAX_DELIVERY_BYTES} are read`, { path: 'body' });
}
