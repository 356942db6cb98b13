/**
 * Makes `Class.prototype` inherit from `getParent()` — for `instanceof` — without reading
 * `getParent()` until something asks for the prototype chain.
 *
 * Why: `globalThis.Request`, `Response` and `Headers` are lazy getters in Node that load
 * undici the first time they are read, which costs tens of milliseconds (hundreds on a
 * loaded machine). A handler that only uses `json()` and `new URL(request.url)` never
 * needs undici; linking our light classes to `Request.prototype` eagerly would put that
 * cost into every cold start. The proxy in between answers `getPrototypeOf` (which is all
 * `instanceof` asks) on demand, and forwards everything else to a plain object, so
 * ordinary property lookups behave as for any object. With `shared`, lookups go on to
 * that prototype (a base class's members), while `instanceof` still sees `getParent()`.
 */
export function inheritLazily(prototype: object, getParent: () => object, shared: object = {}): void {
  const bridge = new Proxy(shared, {
    getPrototypeOf: () => getParent(),
  });
  Object.setPrototypeOf(prototype, bridge);
  // Every promise settled with one of these objects (an async handler's result) looks up
  // `then`; answering it here spares each a lookup through the proxy, several times
  // slower than an ordinary miss. Fetch's classes have no `then` either.
  Object.defineProperty(prototype, 'then', { value: undefined });
}
