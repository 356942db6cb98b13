import type { ShapeKit } from './kit.js';

/**
 * The request headers of a payload 1.0 event (REST API, ALB). `multiValueHeaders`, when
 * present, holds every value of a repeated header; `headers` only the last of each, so it
 * is read only when there is no multi-value map.
 */
export function payloadV1Headers(kit: ShapeKit, multi: Record<string, unknown> | undefined, single: Record<string, unknown> | undefined): Headers {
  const { appendHeader, mapList, mapString } = kit;
  const headers = new Headers();
  if (multi) {
    for (const name of Object.keys(multi)) {
      for (const value of mapList(multi[name], `multiValueHeaders.${name}`)) appendHeader(headers, name, value, 'multiValueHeaders');
    }
  } else if (single) {
    for (const name of Object.keys(single)) {
      const value = mapString(single[name], `headers.${name}`);
      if (value !== undefined) appendHeader(headers, name, value, 'headers');
    }
  }
  return headers;
}
