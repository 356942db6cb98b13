import { HttpError, json, onHttp } from '@faasade/core';

/**
 * The greeting API, written once for every cloud.
 *
 * - `GET /hello?name=Ada` → `200 {"message":"Hello, Ada!"}`
 * - `POST /hello` with `{"name":"Ada"}` → the same
 * - no name → `Hello, World!`; invalid JSON → 400; other methods → 405.
 */
export const hello = onHttp({ name: 'hello', route: '/hello', methods: ['GET', 'POST'] }, async (request) => {
  const name = request.method === 'POST' ? await nameFromBody(request) : new URL(request.url).searchParams.get('name');
  return json({ message: `Hello, ${name || 'World'}!` });
});

export default hello;

async function nameFromBody(request: Request): Promise<string | null> {
  const text = await request.text();
  if (text.trim() === '') return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object such as {"name":"Ada"}');
  }
  const name = (body as { name?: unknown }).name;
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw new HttpError(400, '"name" must be a string');
  }
  return name ?? null;
}
