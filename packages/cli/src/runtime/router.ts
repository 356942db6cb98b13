import { compileRoute, type RouteMatcher } from '@faasade/core/adapter';

/** Something a route leads to. */
export interface Routed<T> {
  fn: { readonly options: { readonly name: string; readonly route: string } };
  target: T;
}

/**
 * Finds the function whose declared route matches a request path. Literal routes
 * (`/hello`) are one map lookup, which keeps the common case as cheap as a bare server;
 * routes with parameters are tried in declaration order, greedy ones (`{path+}`) last.
 */
export class Router<T> {
  readonly #literal = new Map<string, Routed<T>>();
  readonly #patterns: Array<{ matcher: RouteMatcher; routed: Routed<T>; greedy: boolean }> = [];
  /** The literal route found last: most requests repeat one, and it is checked without cutting the path out. */
  #lastLiteral: Routed<T> | undefined;

  /**
   * Adds a route; returns the function already holding the same route, if any (the
   * caller reports the conflict), leaving that one in place.
   */
  add(routed: Routed<T>): Routed<T> | undefined {
    const route = routed.fn.options.route;
    if (!route.includes('{')) {
      const existing = this.#literal.get(route);
      if (existing) return existing;
      this.#literal.set(route, routed);
      return undefined;
    }
    const existing = this.#patterns.find((entry) => entry.matcher.route === route);
    if (existing) return existing.routed;
    this.#patterns.push({ matcher: compileRoute(route), routed, greedy: route.includes('+}') });
    this.#patterns.sort((a, b) => Number(a.greedy) - Number(b.greedy));
    return undefined;
  }

  /** The function serving a request target: its path (percent-encoded, as on the wire) and query. */
  matchTarget(target: string): Routed<T> | undefined {
    const last = this.#lastLiteral;
    if (last) {
      const route = last.fn.options.route;
      // `route` then the end or the query: the same path (literal routes have no `?`).
      if (target.startsWith(route) && (target.length === route.length || target.charCodeAt(route.length) === QUESTION_MARK)) return last;
    }
    return this.match(pathOf(target));
  }

  /** The function serving `pathname` (percent-encoded, as on the wire). */
  match(pathname: string): Routed<T> | undefined {
    const literal = this.#literal.get(pathname);
    if (literal) return (this.#lastLiteral = literal);
    for (const entry of this.#patterns) if (entry.matcher.match(pathname)) return entry.routed;
    return undefined;
  }
}

const QUESTION_MARK = 0x3f;

/** The path of a request target (what comes before its query). */
export function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}
