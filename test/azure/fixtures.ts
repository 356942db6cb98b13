import { readFileSync } from 'node:fs';

const vendorDir = new URL('../fixtures/vendor-events/azure/', import.meta.url);
const derivedDir = new URL('../fixtures/azure/', import.meta.url);

/** A vendor sample from ../shared/fixtures/events/azure, parsed (a byte order mark tolerated). */
export function vendorFixture<T = unknown>(name: string): T {
  return parse(new URL(name, vendorDir));
}

/** A derived case from test/fixtures/azure, parsed. */
export function derivedFixture<T = unknown>(name: string): T {
  return parse(new URL(name, derivedDir));
}

function parse<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8').replace(/^\uFEFF/, '')) as T;
}
