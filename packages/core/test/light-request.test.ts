import { describe, expect, it } from 'vitest';
import { createLightRequest } from '@faasade/core/adapter';

describe('LightRequest', () => {
  it('is a Request whose URL, headers and body are read lazily', async () => {
    let built = 0;
    const request = createLightRequest({
      method: 'POST',
      url: () => (built++, 'https://example.com/a%20b?x=1&x=2'),
      headers: () => new Headers([['content-type', 'application/json'], ['x-r', '1'], ['x-r', '2']]),
      body: '{"name":"Ada"}',
    });
    expect(request).toBeInstanceOf(Request);
    expect(built).toBe(0);
    expect(new URL(request.url).searchParams.getAll('x')).toEqual(['1', '2']);
    expect(request.headers.get('x-r')).toBe('1, 2');
    expect(await request.json()).toEqual({ name: 'Ada' });
    expect(request.bodyUsed).toBe(true);
    await expect(request.text()).rejects.toThrow(TypeError);
  });
});
