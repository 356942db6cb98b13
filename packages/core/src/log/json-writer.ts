/**
 * JSON for log lines that never throws and never grows without bound: values are
 * redacted by field name, cut at a depth, a width and a length, and anything JSON cannot
 * show (cycles, bigints, functions, throwing getters, revoked proxies) is replaced by a
 * description. `JSON.stringify` would throw on the first two and silently drop the third.
 */

import { describe, errorFields, headerRecord } from './plain-values.js';

/** Bounds of one line. Each is generous for real logs and stops accidents (a whole request, a buffer). */
export const LIMITS = { depth: 8, keys: 100, items: 100, string: 8192, line: 32 * 1024 } as const;
export const REDACTED = '[REDACTED]';

const toString = Object.prototype.toString;
// Objects whose contents are not data (or are consumed by reading): written as `"[Tag]"`.
const OPAQUE = /^(?:Request|Response|Promise|ReadableStream)$/;

/** Appends JSON for values to `out`, applying the limits and the redacted names. */
export class JsonWriter {
  out = '';
  readonly #redact: ReadonlySet<string>;
  readonly #ancestors: object[] = [];

  constructor(redact: ReadonlySet<string>) {
    this.#redact = redact;
  }

  /** True once the line is over its length budget: later values are cut. */
  get full(): boolean {
    return this.out.length > LIMITS.line;
  }

  /** True when values under this field name are replaced. */
  redacts(key: string): boolean {
    return this.#redact.has(key.toLowerCase());
  }

  string(value: string): void {
    if (this.full) {
      this.out += `"[${value.length} characters left out: line too long]"`;
      return;
    }
    this.out += JSON.stringify(value.length > LIMITS.string ? `${value.slice(0, LIMITS.string)}…[${value.length - LIMITS.string} more characters]` : value);
  }

  /** `,"key":value` for each field of `fields`; keys for which `rename` answers are written under the new name. */
  fields(fields: object, rename?: (key: string) => string | undefined): void {
    this.#members(fields, 1, true, rename);
  }

  value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'string':
        return this.string(value);
      case 'number':
        this.out += Number.isFinite(value) ? String(value) : `"${value}"`;
        return;
      case 'boolean':
        this.out += String(value);
        return;
      case 'bigint':
        this.out += `"${value}"`;
        return;
      case 'undefined':
        this.out += 'null';
        return;
      case 'symbol':
        this.out += JSON.stringify(String(value));
        return;
      case 'function':
        this.out += JSON.stringify(`[Function ${value.name || 'anonymous'}]`);
        return;
    }
    if (value === null) this.out += 'null';
    else this.#object(value as object, depth);
  }

  #object(value: object, depth: number): void {
    if (this.#ancestors.includes(value)) {
      this.out += '"[Circular]"';
      return;
    }
    if (depth > LIMITS.depth || this.full) {
      this.out += `"[${Array.isArray(value) ? 'Array' : 'Object'} left out: ${this.full ? 'line too long' : 'too deep'}]"`;
      return;
    }
    this.#ancestors.push(value);
    const mark = this.out.length;
    try {
      this.#dispatch(value, depth);
    } catch (error) {
      // Whatever was half-written for this value is replaced by one description.
      this.out = `${this.out.slice(0, mark)}${JSON.stringify(`[Unserializable: ${describe(error)}]`)}`;
    } finally {
      this.#ancestors.pop();
    }
  }

  #dispatch(value: object, depth: number): void {
    if (Array.isArray(value)) return this.#array(value, depth);
    if (value instanceof Error) return this.#plain(errorFields(value), depth);
    if (value instanceof Map) return this.#plain(Object.fromEntries([...value].slice(0, LIMITS.keys).map(([k, v]) => [String(k), v])), depth);
    if (value instanceof Set) return this.#array([...value].slice(0, LIMITS.items + 1), depth);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      this.out += `"[${value.constructor?.name ?? 'binary'}: ${value.byteLength} bytes]"`;
      return;
    }
    const tag = this.#tag(value);
    if (tag === 'Headers') return this.#plain(headerRecord(value as Headers), depth);
    if (OPAQUE.test(tag)) {
      this.out += `"[${tag}]"`;
      return;
    }
    const toJSON = this.#read(value, 'toJSON');
    if (typeof toJSON === 'function') {
      let json: unknown;
      try {
        json = toJSON.call(value);
      } catch (error) {
        this.out += JSON.stringify(`[Unserializable: toJSON threw ${describe(error)}]`);
        return;
      }
      return this.value(json, depth + 1);
    }
    this.#plain(value, depth);
  }

  #plain(value: object, depth: number): void {
    this.#members(value, depth + 1, false);
  }

  // The fields of an object, values written at `depth`. A line's own fields (`top`) each
  // follow a comma, have no count limit and, when unreadable, are left out; a nested
  // object is braced, shows at most LIMITS.keys and is described when unreadable.
  #members(source: object, depth: number, top: boolean, rename?: (key: string) => string | undefined): void {
    let keys: string[];
    try {
      keys = Object.keys(source);
    } catch (error) {
      if (!top) this.out += JSON.stringify(`[Unserializable: ${describe(error)}]`);
      return;
    }
    if (!top) this.out += '{';
    let comma = top ? ',' : '';
    const shown = top ? keys.length : Math.min(keys.length, LIMITS.keys);
    for (let i = 0; i < shown; i++) {
      if (this.full) {
        this.out += top
          ? `,"truncated":"${keys.length - i} more fields left out: the line is over ${LIMITS.line} characters"`
          : `${comma}"…":"${keys.length - i} more keys left out: line too long"}`;
        return;
      }
      const key = keys[i]!;
      const item = this.#read(source, key);
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      this.out += `${comma}${JSON.stringify(rename?.(key) ?? key)}:`;
      comma = ',';
      if (this.redacts(key)) this.out += `"${REDACTED}"`;
      else this.value(item, depth);
    }
    if (!top) this.out += `${keys.length > shown ? `${comma}"…":"${keys.length - shown} more keys"` : ''}}`;
  }

  #array(value: readonly unknown[], depth: number): void {
    this.out += '[';
    const shown = Math.min(value.length, LIMITS.items);
    for (let i = 0; i < shown; i++) {
      if (i > 0) this.out += ',';
      if (this.full) {
        this.out += `"…${value.length - i} more items left out: line too long"]`;
        return;
      }
      const item = this.#read(value, i);
      // Header pairs ([name, value]) are redacted by name, as object fields are.
      if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && this.redacts(item[0])) {
        this.out += `[${JSON.stringify(item[0])},"${REDACTED}"]`;
      } else {
        this.value(item, depth + 1);
      }
    }
    if (value.length > shown) this.out += `${shown > 0 ? ',' : ''}"…${value.length - shown} more items"`;
    this.out += ']';
  }

  // A getter may throw; the line must still be written.
  #read(value: object, key: string | number): unknown {
    try {
      return (value as Record<string | number, unknown>)[key];
    } catch (error) {
      return `[Unserializable: ${describe(error)}]`;
    }
  }

  #tag(value: object): string {
    try {
      return toString.call(value).slice(8, -1);
    } catch {
      return 'Object';
    }
  }
}
