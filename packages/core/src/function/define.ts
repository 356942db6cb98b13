import { FaasadeConfigError } from '../errors/config-error.js';
import { compileRoute } from './route.js';
import type { HttpFunction, HttpFunctionOptions, HttpHandler, HttpMethod } from './types.js';

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
    throw new FaasadeConfigError(`function "${options.name}": route must start with "/" (got ${JSON.stringify(options.route)})`);
  }
  try {
    compileRoute(options.route);
  } catch (error) {
    throw new FaasadeConfigError(`function "${options.name}": ${(error as Error).message}`, { cause: error });
  }
  for (const method of options.methods ?? []) {
    if (!KNOWN_METHODS.has(method)) {
      throw new FaasadeConfigError(`function "${options.name}": unknown HTTP method ${JSON.stringify(method)}`);
    }
  }
  if (options.maxBodyBytes !== undefined && !(options.maxBodyBytes >= 0)) {
    throw new FaasadeConfigError(`function "${options.name}": maxBodyBytes must be a non-negative number`);
  }
  if (typeof handler !== 'function') {
    throw new FaasadeConfigError(`function "${options.name}": handler must be a function`);
  }
  return Object.freeze({ trigger: 'http', options: Object.freeze({ ...options }), handler });
}

function validateCommon(name: unknown, timeoutSeconds: number | undefined): void {
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
    throw new FaasadeConfigError(
      `function name ${JSON.stringify(name)} is invalid: use a letter then up to 62 letters, digits, "-" or "_"`,
    );
  }
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new FaasadeConfigError(`function "${name}": timeoutSeconds must be a positive number`);
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
