import { describe, expect, it } from 'vitest';
import { FaasadeConfigError } from '@faasade/core';
import { toAzureRoute } from '../src/route.js';

describe('toAzureRoute', () => {
  it.each([
    ['/hello', 'hello'],
    ['/users/{id}', 'users/{id}'],
    ['/files/{path+}', 'files/{*path}'],
    ['/{proxy+}', '{*proxy}'],
    ['/v1/orgs/{org}/repos/{rest+}', 'v1/orgs/{org}/repos/{*rest}'],
  ])('maps %s to the Azure template %s', (route, template) => {
    expect(toAzureRoute(route)).toBe(template);
  });

  it('refuses the bare root, which the host cannot route to a function', () => {
    expect(() => toAzureRoute('/')).toThrow(FaasadeConfigError);
  });
});
