/**
 * The request as the Functions Framework hands it to an HTTP function: a Node
 * `IncomingMessage` that Express extended. Declared structurally with only what the
 * adapter reads, so faasade's public API names neither Express nor the framework, and a
 * plain `node:http` request fits too.
 */
export interface GcpHttpRequest {
  readonly method?: string | undefined;
  /** Request target as received, possibly rewritten by routing middleware. */
  readonly url?: string | undefined;
  /** Express keeps the request target as received here, whatever routing did to `url`. */
  readonly originalUrl?: string | undefined;
  /** Node's joined view of the headers, names lower case; used when `headersDistinct` is absent. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Every value of every header, names lower case (Node ≥ 18.3); keeps repeats apart. */
  readonly headersDistinct?: Readonly<Record<string, string[] | undefined>>;
  /**
   * The body bytes, set by the framework's body parsers when a content type they handle
   * was sent (any content type at all: its last parser takes `*\/*`). Already inflated
   * when the request had a `Content-Encoding`.
   */
  readonly rawBody?: Uint8Array | undefined;
  /** The framework's id for this request: `Function-Execution-Id`, or one it made up. */
  readonly executionId?: string | undefined;
  /** True once the body stream has been read to its end. */
  readonly readableEnded?: boolean;
  /** The connection; only its `encrypted` flag (TLS) is read. */
  readonly socket?: unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

/** The response the Functions Framework hands to an HTTP function, as far as the adapter writes it. */
export interface GcpHttpResponse {
  /** True once the status line and headers have gone out. */
  readonly headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  /** Ends the response, with the whole body when there is one. */
  end(chunk?: Uint8Array | string): unknown;
}

/**
 * An HTTP function in the Functions Framework's signature. It never rejects: every
 * failure is answered, so the framework's own crash handler (which would show the error
 * message to the client) never runs.
 */
export type GcpHttpFunction = (req: GcpHttpRequest, res: GcpHttpResponse) => Promise<void>;
