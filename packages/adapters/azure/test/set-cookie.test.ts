import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '@faasade/core/adapter';
import { escapeDataString, toStructuredCookie } from '../src/http/set-cookie.js';
import { splitCookies } from '../src/http/cookie-split.js';

const path = () => '/api/shop/cart';

describe('escapeDataString', () => {
  it('encodes like .NET Uri.EscapeDataString: only unreserved characters stay', () => {
    expect(escapeDataString("a-b_c.d~e")).toBe('a-b_c.d~e');
    expect(escapeDataString("!'()*")).toBe('%21%27%28%29%2A');
    expect(escapeDataString('a b/é')).toBe('a%20b%2F%C3%A9');
  });
});

describe('toStructuredCookie', () => {
  it('carries every attribute the host knows, exactly', () => {
    const parsed = toStructuredCookie('sid=abc123; Domain=example.com; Path=/; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax', path);
    expect(parsed?.exact).toBe(true);
    expect(parsed?.cookie).toEqual({
      name: 'sid', value: 'abc123', domain: 'example.com', path: '/', expires: new Date('2037-10-21T07:28:00Z'),
      maxAge: 3600, secure: true, httpOnly: true, sameSite: 'Lax',
    });
  });

  it('gives a cookie without Path the browser default path, which the host would widen to "/"', () => {
    expect(toStructuredCookie('a=1', path)?.cookie.path).toBe('/api/shop');
    expect(toStructuredCookie('a=1', () => '/hello')?.cookie.path).toBe('/');
  });

  it('turns a value the host would re-encode back into what the host encodes to the same text', () => {
    const encoded = toStructuredCookie('pref=a%2Cb', path);
    expect(encoded).toMatchObject({ exact: true, cookie: { value: 'a,b' } });
    const raw = toStructuredCookie('token=a/b+c==', path);
    expect(raw).toMatchObject({ exact: false, lost: ['value encoding'] });
  });

  it('flags attributes the host cannot carry', () => {
    expect(toStructuredCookie('a=1; Path=/; Partitioned', path)).toMatchObject({ exact: false, lost: ['partitioned'] });
    expect(toStructuredCookie('a=1; Path=/; SameSite=Sometimes', path)).toMatchObject({ exact: false, lost: ['samesite'] });
    expect(toStructuredCookie('a=1; Path=/; Max-Age=soon', path)).toMatchObject({ exact: false, lost: ['max-age'] });
  });

  it('keeps deletion cookies deleting: an epoch Expires and a negative Max-Age become Max-Age 0', () => {
    expect(toStructuredCookie('a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', path)).toMatchObject({ exact: true, cookie: { maxAge: 0 } });
    expect(toStructuredCookie('a=; Path=/; Max-Age=-1', path)).toMatchObject({ exact: true, cookie: { maxAge: 0 } });
    expect(toStructuredCookie('a=; Path=/; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT', path)?.cookie.maxAge).toBe(60);
  });

  it('refuses a line without a valid name=value pair', () => {
    expect(toStructuredCookie('novalue', path)).toBeUndefined();
    expect(toStructuredCookie('bad name=1', path)).toBeUndefined();
  });
});

describe('splitCookies', () => {
  const capture = () => {
    const lines: Array<Record<string, unknown>> = [];
    return { lines, log: createJsonLogger({ sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
  };

  it('sends every cookie structured when all travel exactly, so no raw header can be overridden', () => {
    const { lines, log } = capture();
    const { raw, cookies } = splitCookies(['a=1; Path=/', 'b=2; Path=/x'], path, log);
    expect(raw).toBeUndefined();
    expect(cookies).toEqual([{ name: 'a', value: '1', path: '/' }, { name: 'b', value: '2', path: '/x' }]);
    expect(lines).toEqual([]);
  });

  it('gives the raw slot to the first cookie the structured form would change', () => {
    const { log } = capture();
    const { raw, cookies } = splitCookies(['a=1; Path=/', 'b=2; Path=/; Partitioned; Secure', 'c=3; Path=/'], path, log);
    expect(raw).toBe('b=2; Path=/; Partitioned; Secure');
    expect(cookies.map((c) => c.name)).toEqual(['a', 'c']);
  });

  it('warns, naming the cookie but not its value, when a second one cannot travel intact', () => {
    const { lines, log } = capture();
    const { cookies } = splitCookies(['a=x/y; Path=/', 'b=secret+1; Path=/', 'bad name=1'], path, log);
    expect(cookies.map((c) => c.name)).toEqual(['b']);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn']);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
