import { request as httpRequest } from 'node:http';
import type { ClientRequest, ClientResponse } from '@faasade/contract';

/**
 * Sends a ClientRequest over real HTTP with exact control of the wire: the path as given
 * (percent-encoding untouched), repeated headers as separate lines, cookies in one
 * `Cookie` header, and the response's repeated headers and cookies kept apart.
 */
export function sendOverHttp(baseUrl: string, client: ClientRequest, pathPrefix = ''): Promise<ClientResponse> {
  const url = new URL(baseUrl);
  const query = client.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  // Given as a flat list, Node adds no default headers: Host is ours to send.
  const headers: string[] = client.headers.some(([n]) => n === 'host') ? [] : ['host', url.host];
  for (const [name, value] of client.headers) headers.push(name, value);
  if (client.cookies.length) headers.push('cookie', client.cookies.join('; '));
  if (client.body) headers.push('content-length', String(client.body.byteLength));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, method: client.method, path: `${pathPrefix}${client.path}${query ? `?${query}` : ''}`, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const pairs: Array<[string, string]> = [];
          const cookies: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!.toLowerCase();
            const value = res.rawHeaders[i + 1]!;
            if (name === 'set-cookie') cookies.push(value);
            else pairs.push([name, value]);
          }
          resolve({ status: res.statusCode ?? 0, headers: pairs, cookies, body: new Uint8Array(Buffer.concat(chunks)) });
        });
      },
    );
    req.on('error', reject);
    req.end(client.body ?? undefined);
  });
}
