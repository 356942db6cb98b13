import { FaasadeConfigError } from '../errors/config-error.js';

/** Path parameters captured by a route, decoded. */
export type RouteParams = Record<string, string>;

/** A compiled route: matches a request path and extracts its parameters. */
export interface RouteMatcher {
  readonly route: string;
  /** Parameters when `pathname` (percent-encoded, as on the wire) matches, else undefined. */
  match(pathname: string): RouteParams | undefined;
}

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+)?\}$/;

/**
 * Compiles a route such as `/hello`, `/users/{id}` or `/files/{path+}` (the API Gateway
 * syntax, which maps one to one onto Azure's `{id}` / `{*path}`). A greedy parameter must
 * be the last segment.
 * @throws FaasadeConfigError for a malformed route.
 */
export function compileRoute(route: string): RouteMatcher {
  if (!route.startsWith('/')) throw new FaasadeConfigError(`route ${JSON.stringify(route)} must start with "/"`);
  const parts = route.split('/').slice(1);
  const segments: Segment[] = parts.map((part, index) => {
    const param = PARAM.exec(part);
    if (param) {
      if (param[2] && index !== parts.length - 1) throw new FaasadeConfigError(`route ${route}: greedy {${param[1]}+} must be the last segment`);
      return param[2] ? { kind: 'greedy', name: param[1]! } : { kind: 'param', name: param[1]! };
    }
    if (/[{}]/.test(part)) throw new FaasadeConfigError(`route ${route}: segment ${JSON.stringify(part)} is not a literal or {param}`);
    return { kind: 'literal', value: part };
  });
  return {
    route,
    match(pathname) {
      const actual = pathname.split('/').slice(1);
      const params: RouteParams = {};
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        const value = actual[i];
        if (segment.kind === 'greedy') {
          const rest = actual.slice(i).join('/');
          if (rest === '') return undefined;
          params[segment.name] = safeDecode(rest);
          return params;
        }
        if (value === undefined) return undefined;
        if (segment.kind === 'literal') {
          if (value !== segment.value) return undefined;
        } else {
          if (value === '') return undefined;
          params[segment.name] = safeDecode(value);
        }
      }
      return actual.length === segments.length ? params : undefined;
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
