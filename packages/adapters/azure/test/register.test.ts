import { describe, expect, it } from 'vitest';
import { FaasadeConfigError, json, onHttp, onObject, type FunctionDefinition, type ObjectFunctionOptions } from '@faasade/core';
import { blobTriggerPath, registerAzureFunction, registerAzureFunctions } from '../src/index.js';

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
    const schedule = { trigger: 'schedule', options: { name: 'nightly' }, handler: () => {} } as unknown as FunctionDefinition;
    expect(() => registerAzureFunctions(schedule)).toThrow(FaasadeConfigError);
  });

  it('an object trigger style that does not exist', () => {
    const thumbnails = onObject({ name: 'thumbnails', bucket: 'images' }, () => {});
    expect(() => registerAzureFunction(thumbnails, { objectTrigger: 'queue' as 'blob' })).toThrow(FaasadeConfigError);
  });
});

describe('blob trigger paths', () => {
  const upload = (options: Partial<ObjectFunctionOptions> = {}) => onObject({ name: 'thumbnails', bucket: 'images', prefix: 'uploads/', ...options }, () => {});

  it('are <container>/<prefix>{name}<suffix>, the container from the bucket binding', () => {
    expect(blobTriggerPath(upload({ suffix: '.jpg' }), {}, { FAASADE_BUCKET_IMAGES: 'azblob://photos?account=acct' })).toBe('photos/uploads/{name}.jpg');
    expect(blobTriggerPath(upload(), { container: 'other' }, {})).toBe('other/uploads/{name}');
  });

  it('escape braces of the prefix and suffix, which the host would read as parameters', () => {
    expect(blobTriggerPath(upload({ prefix: 'a{b}/', suffix: '}' }), { container: 'photos' })).toBe('photos/a{{b}}/{name}}}');
  });

  it('are refused for deletions, without a container, or with an invalid container', () => {
    expect(() => blobTriggerPath(upload({ events: ['created', 'deleted'] }), { container: 'photos' })).toThrow(FaasadeConfigError);
    expect(() => blobTriggerPath(upload(), {}, {})).toThrow(FaasadeConfigError);
    expect(() => blobTriggerPath(upload(), { container: 'Photos_1' })).toThrow(FaasadeConfigError);
  });
});
