/** A body held in memory: text as the platform gave it, or bytes. */
export type BufferedBody = string | Uint8Array | null;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The body as bytes (a string is UTF-8 encoded). */
export function bodyBytes(body: BufferedBody): Uint8Array {
  if (body === null) return new Uint8Array(0);
  return typeof body === 'string' ? encoder.encode(body) : body;
}

/** The body as text (bytes are UTF-8 decoded, invalid sequences replaced like `Response.text()`). */
export function bodyText(body: BufferedBody): string {
  if (body === null) return '';
  return typeof body === 'string' ? body : decoder.decode(body);
}

/** An `ArrayBuffer` holding exactly the body (a copy, so callers cannot alias platform memory). */
export function bodyArrayBuffer(body: BufferedBody): ArrayBuffer {
  const bytes = bodyBytes(body);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * A one-chunk stream over the body, calling `onRead` when first pulled so the owner
 * can flip `bodyUsed` as the Fetch standard does.
 */
export function bodyStream(body: BufferedBody, onRead: () => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onRead();
      const bytes = bodyBytes(body);
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Throws the Fetch standard's error for a body read twice. */
export function assertUnused(used: boolean): void {
  if (used) throw new TypeError('Body is unusable: Body has already been read');
}

// Whether a light request's or response's body was read, and the stream it handed out:
// kept beside the objects rather than in fields, since most never have their body read
// (a field initialised per object is code and memory on every request).
const readBodies = new WeakSet<object>();
const bodyStreams = new WeakMap<object, ReadableStream<Uint8Array> | null>();

/**
 * The body half of the light `Request` and `Response`: `body`, `bodyUsed` and the reading
 * methods over a buffered body, written once for both. Each subclass links its prototype
 * with `inheritLazily(Sub.prototype, () => Request.prototype, BufferedBodyMembers.prototype)`,
 * so `instanceof` sees the Fetch class and lookups still find these members. It has no
 * constructor and no fields: making a light object costs only the subclass's own fields.
 */
export abstract class BufferedBodyMembers {
  /** @internal The body as read (null for a method that carries none), for adapters to read without a stream. */
  abstract readonly bodySource: BufferedBody;

  get body(): ReadableStream<Uint8Array> | null {
    let stream = bodyStreams.get(this);
    if (stream === undefined) {
      const body = this.bodySource;
      stream = body === null ? null : bodyStream(body, () => readBodies.add(this));
      bodyStreams.set(this, stream);
    }
    return stream;
  }
  get bodyUsed(): boolean {
    return readBodies.has(this);
  }

  async text(): Promise<string> {
    return bodyText(this.consumeBody());
  }
  async json(): Promise<unknown> {
    return JSON.parse(bodyText(this.consumeBody()));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return bodyArrayBuffer(this.consumeBody());
  }
  async bytes(): Promise<Uint8Array> {
    return bodyBytes(this.consumeBody()).slice();
  }
  async blob(): Promise<Blob> {
    const type = (this as unknown as { headers: Headers }).headers.get('content-type') ?? '';
    return new Blob([bodyArrayBuffer(this.consumeBody())], { type });
  }

  /** Marks the body read (throwing as Fetch does when it already was) and returns it. */
  protected consumeBody(): BufferedBody {
    assertUnused(readBodies.has(this));
    readBodies.add(this);
    return this.bodySource;
  }
}

/**
 * True for a plain header record (`{ name: value }`), told apart by its prototype so that
 * `instanceof Headers`, which loads undici, only runs for objects that may be one.
 */
export function isPlainRecord(value: object): value is Record<string, string> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The Fetch standard's `HeadersInit`, named here because Node's types keep it out of the globals. */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];
/** The Fetch standard's `BodyInit`. */
export type BodyInit = NonNullable<ConstructorParameters<typeof Response>[0]>;
