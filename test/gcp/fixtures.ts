import { readFileSync } from 'node:fs';

const vendorDir = new URL('../fixtures/vendor-events/gcp/', import.meta.url);
const derivedDir = new URL('../fixtures/gcp/', import.meta.url);

/** A JSON object as the fixtures hold them. */
export type Json = Record<string, unknown>;

/** A vendor sample from ../shared/fixtures/events/gcp (`conformance/…` included), parsed, a byte order mark tolerated. */
export function vendorFixture<T = Json>(name: string): T {
  return parse(new URL(name, vendorDir));
}

/** A derived case from test/fixtures/gcp, parsed. */
export function derivedFixture<T = Json>(name: string): T {
  return parse(new URL(name, derivedDir));
}

function parse<T>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8').replace(/^\uFEFF/, '')) as T;
}
