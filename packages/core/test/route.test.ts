import { describe, expect, it } from 'vitest';
import { compileRoute } from '@faasade/core/adapter';
import { FaasadeConfigError, onHttp, json } from '@faasade/core';

describe('routes', () => {
  it('matches literals exactly', () => {
    const route = compileRoute('/hello');
    expect(route.match('/hello')).toEqual({});
    expect(route.match('/hello/')).toBeUndefined();
    expect(route.match('/hell')).toBeUndefined();
  });

  it('captures decoded parameters and greedy rests', () => {
    expect(compileRoute('/users/{id}').match('/users/a%20b')).toEqual({ id: 'a b' });
    expect(compileRoute('/users/{id}').match('/users/')).toBeUndefined();
    expect(compileRoute('/files/{path+}').match('/files/a/b%2Fc/d')).toEqual({ path: 'a/b/c/d' });
    expect(compileRoute('/files/{path+}').match('/files')).toBeUndefined();
  });

  it('rejects malformed routes when the function is declared', () => {
    const handler = () => json({});
    expect(() => onHttp({ name: 'x', route: '/a/{rest+}/b' }, handler)).toThrow(FaasadeConfigError);
    expect(() => onHttp({ name: 'x', route: '/a/{bad' }, handler)).toThrow(FaasadeConfigError);
    expect(() => onHttp({ name: 'x', route: 'no-slash' }, handler)).toThrow(FaasadeConfigError);
    expect(() => onHttp({ name: '9lives', route: '/a' }, handler)).toThrow(FaasadeConfigError);
  });
});
