import { describe, expect, it } from 'vitest';
import { Router } from '../src/runtime/router.js';

function routed(name: string, route: string) {
  return { fn: { options: { name, route } }, target: name };
}

describe('the dev server\'s router', () => {
  const router = new Router<string>();
  router.add(routed('hello', '/hello'));
  router.add(routed('files', '/files/{path+}'));
  router.add(routed('user', '/users/{id}'));
  router.add(routed('usersMe', '/users/me'));
  const served = (target: string) => router.matchTarget(target)?.target;

  it('serves a literal route at its exact path, with or without a query, also right after serving it', () => {
    for (let i = 0; i < 3; i++) {
      expect(served('/hello')).toBe('hello');
      expect(served('/hello?name=Ada')).toBe('hello');
    }
  });

  it('never serves a literal route for a longer path that starts with it, before or after a hit', () => {
    expect(served('/hello')).toBe('hello');
    expect(served('/hellothere')).toBeUndefined();
    expect(served('/hello/x?y')).toBeUndefined();
    expect(served('/hell')).toBeUndefined();
  });

  it('prefers literal routes, then parameters, greedy ones last', () => {
    expect(served('/users/me?x=1')).toBe('usersMe');
    expect(served('/users/42')).toBe('user');
    expect(served('/files/a/b/c.txt?download')).toBe('files');
    expect(served('/users/42/more')).toBeUndefined();
  });
});
