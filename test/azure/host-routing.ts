import type { RpcFunctionMetadata } from './rpc-types.js';

/** An HTTP-triggered function as the host reads it from the worker's `rawBindings`. */
export interface HttpRoute {
  functionId: string;
  functionName: string;
  /** Name of the trigger binding, which the invocation's input data must use. */
  bindingName: string;
  template: string;
  /** Upper-case methods; undefined means every method. */
  methods: ReadonlySet<string> | undefined;
  authLevel: string;
}

/** The function's HTTP route, or undefined when it has no `httpTrigger` binding. */
export function httpRouteOf(metadata: RpcFunctionMetadata): HttpRoute | undefined {
  for (const raw of metadata.rawBindings ?? []) {
    const binding = JSON.parse(raw) as { name: string; type?: string; route?: string; methods?: string[]; authLevel?: string };
    if (binding.type?.toLowerCase() !== 'httptrigger') continue;
    const methods = binding.methods?.length ? new Set(binding.methods.map((m) => m.toUpperCase())) : undefined;
    return {
      functionId: metadata.functionId ?? '',
      functionName: metadata.name ?? '',
      bindingName: binding.name,
      // Without a route the host uses the function name.
      template: binding.route ?? metadata.name ?? '',
      methods,
      authLevel: (binding.authLevel ?? 'function').toLowerCase(),
    };
  }
  return undefined;
}

/**
 * Matches decoded path segments (after the route prefix) against an ASP.NET Core route
 * template: literals compare case-insensitively, `{name}` takes one non-empty segment,
 * `{*name}` the rest (possibly nothing). Returns the route values, or undefined.
 */
export function matchTemplate(template: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = template.split('/').filter((part) => part !== '');
  const values: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const catchAll = /^\{\*\*?([^}]+)\}$/.exec(part);
    if (catchAll) {
      const rest = segments.slice(i).join('/');
      if (rest !== '') values[catchAll[1]!] = rest;
      return values;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    const param = /^\{([^}]+)\}$/.exec(part);
    if (param) {
      if (segment === '') return undefined;
      values[param[1]!] = segment;
    } else if (part.toLowerCase() !== segment.toLowerCase()) {
      return undefined;
    }
  }
  return segments.length === parts.length ? values : undefined;
}

/**
 * Picks the route that answers, as ASP.NET Core orders candidates: the template with
 * more literal segments first, a catch-all last.
 */
export function findRoute(routes: readonly HttpRoute[], segments: readonly string[]): { route: HttpRoute; values: Record<string, string> } | undefined {
  const ranked = [...routes].sort((a, b) => specificity(b.template) - specificity(a.template));
  for (const route of ranked) {
    const values = matchTemplate(route.template, segments);
    if (values) return { route, values };
  }
  return undefined;
}

function specificity(template: string): number {
  const parts = template.split('/').filter((part) => part !== '');
  const literals = parts.filter((part) => !part.startsWith('{')).length;
  return literals * 10 - (template.includes('{*') ? 5 : 0) + parts.length;
}

/**
 * Whether the host lets the request through to the function: anonymous always; `function`
 * with a function or host key, `admin` with the master key, given as `?code=` or in the
 * `x-functions-key` header. https://learn.microsoft.com/azure/azure-functions/function-keys-how-to
 */
export function isAuthorized(authLevel: string, presented: string | undefined, keys: { function: readonly string[]; master: string }): boolean {
  if (authLevel === 'anonymous') return true;
  if (presented === undefined) return false;
  if (presented === keys.master) return true;
  return authLevel === 'function' && keys.function.includes(presented);
}
