import { FaasadeConfigError } from '../errors/config-error.js';
import { compileRoute } from './route.js';
import type { HttpFunction, HttpFunctionOptions, HttpHandler, HttpMethod, ObjectFunction, ObjectFunctionOptions, ObjectHandler } from './types.js';

const KNOWN_METHODS: ReadonlySet<string> = new Set<HttpMethod>([
  'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS',
]);
// Names must be valid on all three clouds: Lambda allows [A-Za-z0-9-_]{1,64}, Azure
// function names start with a letter, Cloud Functions allow letters, digits, - and _.
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/**
 * Declares an HTTP function, once, for every cloud.
 *
 * @example
 * export default onHttp({ name: 'hello', route: '/hello', methods: ['GET'] }, (req) =>
 *   json({ message: 'Hello!' }),
 * );
 * @throws FaasadeConfigError when the options are invalid, naming the option.
 */
export function onHttp(options: HttpFunctionOptions, handler: HttpHandler): HttpFunction {
  validateCommon(options.name, options.timeoutSeconds);
  if (typeof options.route !== 'string' || !options.route.startsWith('/')) {
    throw invalid(options.name, `route must start with "/" (got ${JSON.stringify(options.route)})`);
  }
  try {
    compileRoute(options.route);
  } catch (error) {
    throw invalid(options.name, (error as Error).message, error);
  }
  for (const method of options.methods ?? []) {
    if (!KNOWN_METHODS.has(method)) {
      throw invalid(options.name, `unknown HTTP method ${JSON.stringify(method)}`);
    }
  }
  if (options.maxBodyBytes !== undefined && !(options.maxBodyBytes >= 0)) {
    throw invalid(options.name, 'maxBodyBytes must be a non-negative number');
  }
  if (typeof handler !== 'function') {
    throw invalid(options.name, 'handler must be a function');
  }
  return Object.freeze({ trigger: 'http', options: Object.freeze({ ...options }), handler });
}

const BINDING_NAME = /^[a-z][a-z0-9_-]{0,62}$/i;
const OBJECT_EVENTS: ReadonlySet<string> = new Set(['created', 'deleted']);

/**
 * Declares a function triggered by changes to objects in a bucket, once, for every cloud.
 *
 * @example
 * export default onObject({ name: 'thumbnails', bucket: 'images', events: ['created'], prefix: 'uploads/' },
 *   async (event, ctx) => { ctx.log.info('new upload', { key: event.data.key }); });
 * @throws FaasadeConfigError when the options are invalid, naming the option.
 */
export function onObject(options: ObjectFunctionOptions, handler: ObjectHandler): ObjectFunction {
  validateCommon(options.name, options.timeoutSeconds);
  if (typeof options.bucket !== 'string' || !BINDING_NAME.test(options.bucket)) {
    throw new FaasadeConfigError(
      `function "${options.name}": bucket ${JSON.stringify(options.bucket)} must be a binding name (a letter, then letters, digits, "-" or "_"), such as "images"`);
  }
  const events = options.events ?? ['created'];
  if (events.length === 0 || events.some((e) => !OBJECT_EVENTS.has(e))) {
    throw invalid(options.name, 'events must list "created" and/or "deleted"');
  }
  for (const field of ['prefix', 'suffix'] as const) {
    if (options[field] !== undefined && typeof options[field] !== 'string') {
      throw invalid(options.name, `${field} must be a string`);
    }
  }
  if (typeof handler !== 'function') {
    throw invalid(options.name, 'handler must be a function');
  }
  return Object.freeze({ trigger: 'object', options: Object.freeze({ ...options, events: Object.freeze([...events]) }), handler });
}

function validateCommon(name: unknown, timeoutSeconds: number | undefined): void {
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
    throw new FaasadeConfigError(
      `function name ${JSON.stringify(name)} is invalid: use a letter then up to 62 letters, digits, "-" or "_"`,
    );
  }
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw invalid(name, 'timeoutSeconds must be a positive number');
  }
}

/** Methods a declaration accepts, with HEAD implied by GET; undefined means any. */
export function allowedMethods(fn: HttpFunction): ReadonlySet<string> | undefined {
  const methods = fn.options.methods;
  if (!methods || methods.length === 0) return undefined;
  const set = new Set<string>(methods);
  if (set.has('GET')) set.add('HEAD');
  return set;
}

// A declaration error that names the function (the cause when one led to it).
function invalid(name: unknown, problem: string, cause?: unknown): FaasadeConfigError {
  return new FaasadeConfigError(`function "${String(name)}": ${problem}`, cause === undefined ? undefined : { cause });
}
