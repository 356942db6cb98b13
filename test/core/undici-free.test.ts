import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Node loads its Fetch implementation (undici) the first time anything reads the global
// Request, Response or Headers: tens of milliseconds at every cold start. A handler that
// only reads the URL and answers with json() must never pay it.
describe('the light HTTP path', () => {
  it('serves hello through the Lambda adapter without loading undici', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faasade-undici-'));
    const outfile = join(dir, 'hello.mjs');
    await build({
      stdin: { contents: `import hello from '@faasade/hello'; import { lambdaHandler } from '@faasade/aws'; export const handler = lambdaHandler(hello);`, resolveDir: import.meta.dirname, loader: 'ts' },
      bundle: true, format: 'esm', platform: 'node', outfile, conditions: ['source'], logLevel: 'error',
    });
    const script = `
      const { handler } = await import(${JSON.stringify(outfile)});
      const event = { version: '2.0', rawPath: '/hello', rawQueryString: 'name=Ada', headers: { host: 'x.example' },
        requestContext: { http: { method: 'GET' }, domainName: 'x.example', stage: '$default' }, isBase64Encoded: false };
      const result = await handler(event, { awsRequestId: 'r1', getRemainingTimeInMillis: () => 3000 });
      const undici = process.moduleLoadList.some((m) => m.includes('undici'));
      process.stdout.write(JSON.stringify({ body: result.body, undici }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { body: string; undici: boolean };
    expect(JSON.parse(out.body)).toEqual({ message: 'Hello, Ada!' });
    expect(out.undici).toBe(false);
  });
});
