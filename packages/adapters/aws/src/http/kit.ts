import { EventDecodeError } from '@faasade/core';
import { decodePlatformBody } from '@faasade/core/adapter';
import { appendHeader, isObject, malformed, mapList, mapString, optionalFlag, optionalMap, requireMethod, requireString } from './fields.js';
import { encodeBody } from './result-body.js';
import { encodeQueryComponent, encodedPath, encodedQuery, origin, reencodedPath } from './url.js';

/**
 * What every event shape is built from, as one object (and the error class of the code loaded on demand). The shapes loaded on demand (REST
 * API and ALB: other-shapes.ts) receive it rather than importing these modules: were they
 * to import them, a bundler splitting code would move the modules into a chunk of their
 * own that every cold start then loads besides the entry.
 */
export const kit = {
  decodePlatformBody, appendHeader, isObject, malformed, mapList, mapString, optionalFlag, optionalMap, requireMethod, requireString,
  encodeBody, encodeQueryComponent, encodedPath, encodedQuery, origin, reencodedPath, EventDecodeError,
};

/** The helpers, as the shapes loaded on demand receive them. */
export type ShapeKit = typeof kit;
