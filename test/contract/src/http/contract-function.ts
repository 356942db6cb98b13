import { HttpError, binary, json, onHttp } from '@faasade/core';

/**
 * The function every HTTP adapter runs for the contract suite. Its paths exercise one
 * behaviour each:
 *
 * - `/contract/echo/...` answers what the handler saw: method, URL, headers, body.
 * - `/contract/reply?status&header=n:v&cookie=c&type&body=<base64>&via=fetch|light`
 *   answers exactly what the query asks for, through a native `Response` or the light one.
 * - `/contract/throw` throws an internal error; `/contract/http-error` an HttpError.
 * - `/contract/bad-header` tries to inject a header through CR/LF.
 * - `/contract/not-a-response` returns a plain object.
 *
 * Bodies over {@link CONTRACT_MAX_BODY_BYTES} must be refused (413) before it runs.
 */
/**
 * The contract function's `maxBodyBytes`: small, so the 413 case sends little, and far
 * above any other case's body.
 */
export const CONTRACT_MAX_BODY_BYTES = 16 * 1024;

export const contractFunction = onHttp({ name: 'contract', route: '/contract/{path+}', maxBodyBytes: CONTRACT_MAX_BODY_BYTES }, async (request) => {
  const url = new URL(request.url);
  const action = url.pathname.slice(url.pathname.indexOf('/contract/') + '/contract/'.length).split('/')[0];
  switch (action) {
    case 'echo':
      return echo(request, url);
    case 'reply':
      return reply(url.searchParams);
    case 'throw':
      throw new Error('secret internal detail: db password is hunter2');
    case 'http-error':
      throw new HttpError(418, 'short and stout', { headers: { 'x-teapot': 'yes' } });
    case 'bad-header':
      return json({ ok: true }, { headers: { 'x-injected': 'a\r\nset-cookie: stolen=1' } });
    case 'not-a-response':
      return { status: 200 } as unknown as Response;
    default:
      throw new HttpError(404, `no contract action ${JSON.stringify(action)}`);
  }
});

/** What the echo action reports. */
export interface EchoReport {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  bodyBase64: string;
  isRequest: boolean;
}

async function echo(request: Request, _url: URL): Promise<Response> {
  const body = new Uint8Array(await request.arrayBuffer());
  const report: EchoReport = {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    bodyBase64: Buffer.from(body).toString('base64'),
    isRequest: request instanceof Request,
  };
  return json(report);
}

function reply(params: URLSearchParams): Response {
  const headers = new Headers();
  for (const pair of params.getAll('header')) {
    const colon = pair.indexOf(':');
    headers.append(pair.slice(0, colon), pair.slice(colon + 1));
  }
  for (const cookie of params.getAll('cookie')) headers.append('set-cookie', cookie);
  const type = params.get('type');
  if (type) headers.set('content-type', type);
  const status = Number(params.get('status') ?? 200);
  const encoded = params.get('body');
  const bytes = encoded === null ? null : new Uint8Array(Buffer.from(encoded, 'base64'));
  if (params.get('via') === 'light' && bytes !== null) return binary(bytes, { status, headers });
  return new Response(bytes as Uint8Array<ArrayBuffer> | null, { status, headers });
}
