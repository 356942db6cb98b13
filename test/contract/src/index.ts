/**
 * @faasade/contract — the suites every faasade adapter and storage driver passes, for
 * your own adapters and drivers too.
 * @packageDocumentation
 */
export * from './http/index.js';
export * from './storage/index.js';
