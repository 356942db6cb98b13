import { afterEach, describe, expect, it, vi } from 'vitest';

// The metrics configuration is read once per process; each case loads core afresh.
async function emfLinesWith(env: Record<string, string>): Promise<string[]> {
  vi.resetModules();
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const core = await import('@faasade/core');
    const adapter = await import('@faasade/core/adapter');
    const fn = core.onHttp({ name: 'hello', route: '/hello' }, () => core.json({ hi: true }));
    const lines: string[] = [];
    const ctx = adapter.createContext({ fn, cloud: 'aws', event: {}, logSink: (line) => void lines.push(line) });
    const request = adapter.createLightRequest({ method: 'GET', url: () => 'https://x.example/hello', headers: () => new Headers(), body: null });
    await adapter.invokeHttp(fn, request, ctx);
    return lines.filter((line) => line.startsWith('{"_aws"'));
  } finally {
    process.env = saved;
  }
}

describe('when faasade writes its own invocation metrics', () => {
  afterEach(() => vi.resetModules());

  it('writes them on Lambda (AWS_LAMBDA_FUNCTION_NAME is set), not in a script or test calling the handler', async () => {
    expect(await emfLinesWith({ AWS_LAMBDA_FUNCTION_NAME: 'hello' })).toHaveLength(1);
    expect(await emfLinesWith({})).toHaveLength(0);
  });

  it('follows FAASADE_INVOCATION_METRICS and FAASADE_METRICS', async () => {
    expect(await emfLinesWith({ AWS_LAMBDA_FUNCTION_NAME: 'hello', FAASADE_INVOCATION_METRICS: 'off' })).toHaveLength(0);
    expect(await emfLinesWith({ FAASADE_INVOCATION_METRICS: 'on' })).toHaveLength(1);
    expect(await emfLinesWith({ AWS_LAMBDA_FUNCTION_NAME: 'hello', FAASADE_METRICS: 'off' })).toHaveLength(0);
    expect(await emfLinesWith({ AWS_LAMBDA_FUNCTION_NAME: 'hello', FAASADE_METRICS: 'otel' })).toHaveLength(0);
  });

  it('gives the line the level Lambda filters application logs at, so metrics are never filtered out', async () => {
    const [line] = await emfLinesWith({ AWS_LAMBDA_FUNCTION_NAME: 'hello', AWS_LAMBDA_LOG_LEVEL: 'ERROR' });
    expect(JSON.parse(line!)).toMatchObject({ level: 'ERROR', 'faas.invocations': 1 });
  });
});
