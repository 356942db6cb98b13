import type { Context } from '../context/context.js';
import type { ObjectEvent } from '../events/object-event.js';

/** HTTP methods a function can declare. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * Options every function declaration shares, whatever its trigger. They describe the
 * function to every target at once: the adapters read them at run time and the
 * deployment templates read them at build time, so nothing is repeated per cloud.
 */
export interface FunctionOptions {
  /** Unique name: the Lambda / Azure / Cloud Functions name and the log field `function`. */
  name: string;
  /**
   * Maximum run time in seconds (default 60). Clouds that do not tell the function its
   * deadline (Azure, GCP) use this to compute `ctx.deadline`.
   */
  timeoutSeconds?: number;
  /** Memory in MB for targets that size instances by memory (default 256). */
  memoryMb?: number;
  /**
   * Instances kept initialised and ready, so requests skip the cold start (default 0):
   * AWS provisioned concurrency, Azure always-ready instances, GCP minimum instances.
   * The deploy templates read it; warm instances are billed while idle.
   */
  warmInstances?: number;
  /**
   * Bucket bindings the function opens with `bucket(name)`, besides an object trigger's
   * own bucket (which counts already). The deploy templates grant access to each and set
   * its `FAASADE_BUCKET_<NAME>` variable; a binding left out gets no permissions.
   */
  buckets?: readonly string[];
}

/** Declaration options of an HTTP function. */
export interface HttpFunctionOptions extends FunctionOptions {
  /**
   * Path the function answers, starting with `/` (for example `/hello`). Adapters map it
   * to each platform's routing; it does not include a stage or Azure's `api/` prefix.
   */
  route: string;
  /**
   * Methods accepted (default: all). Others get `405 Method Not Allowed` with an `Allow`
   * header before the handler runs. Declaring `GET` also accepts `HEAD`.
   */
  methods?: readonly HttpMethod[];
  /** Largest request body accepted, in bytes (default 6 MiB, Lambda's own limit). Larger → 413. */
  maxBodyBytes?: number;
}

/**
 * An HTTP handler: Web platform `Request` in, `Response` out, on every cloud. A handler
 * with nothing to await may return the `Response` itself: a promise costs each request a
 * microtask turn (about 3 % of a small request through `faasade dev`, docs/cli.md).
 * @example
 * const handler: HttpHandler = (req) => json({ path: new URL(req.url).pathname });
 */
export type HttpHandler = (request: Request, ctx: Context) => Response | Promise<Response>;

/** A declared HTTP function: what {@link onHttp} returns and what adapters take. */
export interface HttpFunction {
  readonly trigger: 'http';
  readonly options: Readonly<HttpFunctionOptions>;
  readonly handler: HttpHandler;
}


/** Declaration options of a storage-object function. */
export interface ObjectFunctionOptions extends FunctionOptions {
  /**
   * The logical bucket binding (for example `images`), resolved per deployment from
   * `FAASADE_BUCKET_<NAME>` like `bucket(name)`. Events from another bucket are skipped
   * when the binding names a physical bucket.
   */
  bucket: string;
  /** Which changes trigger the function (default: `['created']`). */
  events?: ReadonlyArray<'created' | 'deleted'>;
  /** Only keys starting with this (for example `uploads/`). */
  prefix?: string;
  /** Only keys ending with this (for example `.jpg`). */
  suffix?: string;
}

/**
 * A storage-object handler. Returning normally acknowledges the event; throwing asks the
 * platform to deliver it again (with its own retry and dead-letter policy).
 */
export type ObjectHandler = (event: ObjectEvent, ctx: Context) => void | Promise<void>;

/** A declared storage-object function: what {@link onObject} returns. */
export interface ObjectFunction {
  readonly trigger: 'object';
  readonly options: Readonly<ObjectFunctionOptions>;
  readonly handler: ObjectHandler;
}

/**
 * Every kind of function declaration. Adapters switch on `trigger`; later triggers
 * (messages, schedules) join this union in the same shape.
 */
export type FunctionDefinition = HttpFunction | ObjectFunction;
