import { describe, expect, it } from 'vitest';
import { FaasadeConfigError, json, onHttp, onObject } from '@faasade/core';
import { registerAzureFunctions } from '../src/index.js';

// Successful registrations run through the library and the stand-in worker in test/azure.
describe('registerAzureFunctions refuses what Azure cannot serve, before touching the library', () => {
  const hello = onHttp({ name: 'hello', route: '/hello' }, () => json({}));

  it('a route Azure cannot express', () => {
    expect(() => registerAzureFunctions(onHttp({ name: 'root', route: '/' }, () => json({})))).toThrow(FaasadeConfigError);
  });

  it('two functions with the same name', () => {
    expect(() => registerAzureFunctions(hello, onHttp({ name: 'hello', route: '/other' }, () => json({})))).toThrow(FaasadeConfigError);
  });

  it('a trigger it does not handle', () => {
    const thumbnails = onObject({ name: 'thumbnails', bucket: 'images' }, () => {});
    expect(() => registerAzureFunctions(thumbnails)).toThrow(FaasadeConfigError);
  });
});
