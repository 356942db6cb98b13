import type { HttpFunction } from '@faasade/core';

/**
 * A request as a client sends it, before any platform touches it. Harnesses encode it
 * the way their platform would (an API Gateway event, an Azure RPC message, a real HTTP
 * request to the Functions Framework).
 */
export interface ClientRequest {
  method: string;
  /** Path as sent on the wire, percent-encoded, starting with `/`, without query. */
  path: string;
  /** Query pairs, decoded; repeats allowed. Harnesses percent-encode them. */
  query: Array<[name: string, value: string]>;
  /** Header pairs; names lower case; repeats allowed; `cookie` not included. */
  headers: Array<[name: string, value: string]>;
  /** Cookies as `name=value` strings, sent as one or more `Cookie` headers. */
  cookies: string[];
  /** Body bytes, or null for none. */
  body: Uint8Array | null;
}

/** A response as the client receives it, after the platform decoded the function's result. */
export interface ClientResponse {
  status: number;
  /** Header pairs, names lower case, `set-cookie` excluded; repeats may arrive joined with ", ". */
  headers: Array<[name: string, value: string]>;
  /** One entry per `Set-Cookie` header received. */
  cookies: string[];
  body: Uint8Array;
}

/** What a platform can carry at all. A case needing a missing capability is skipped with the reason printed. */
export interface HttpCapabilities {
  /** The same query key more than once (ALB without multi-value headers keeps one). */
  repeatedQueryKeys: boolean;
  /** The same request header more than once. */
  repeatedHeaders: boolean;
  /** Several `Set-Cookie` headers in one response. */
  multipleSetCookies: boolean;
  /** A stage or base path that the platform strips or keeps in the URL. */
  stagePath: boolean;
  /**
   * A `Content-Type: application/json` body that is not valid JSON reaches the handler.
   * The Functions Framework answers such requests itself (400) before any function runs.
   */
  malformedJsonReachesHandler: boolean;
  /**
   * An encoded percent sign (`%25`) in the path reaches the function. API Gateway HTTP APIs
   * decode the path twice and refuse such requests with 400.
   */
  percentInPath: boolean;
  /**
   * A body over the function's `maxBodyBytes` reaches faasade, which answers 413
   * problem+json without running the handler. A front door whose own body cap is lower
   * than the function's limit answers by itself instead.
   */
  bodyLimit: boolean;
}

/** A function running inside a platform, reachable as a client would reach it. */
export interface DeployedFunction {
  /** Sends one request and returns what the client receives. */
  request(request: ClientRequest): Promise<ClientResponse>;
  /** Stops whatever `deploy` started. */
  close(): Promise<void>;
  /** The public base URL the client used (scheme + host + stage), for URL assertions. */
  readonly baseUrl: string;
}

/**
 * One adapter under test. `deploy` runs a declared function inside the platform's real
 * runtime library (or the most faithful stand-in) and returns a client for it.
 */
export interface HttpAdapterHarness {
  /** Shown in test names, for example `aws: HTTP API 2.0 under aws-lambda-ric`. */
  name: string;
  deploy(fn: HttpFunction): Promise<DeployedFunction>;
  /** Defaults to all true. */
  capabilities?: Partial<HttpCapabilities>;
  /** Why a capability is missing, printed when its cases are skipped. */
  reasons?: Partial<Record<keyof HttpCapabilities, string>>;
}
