import { spawn, type ChildProcess } from 'node:child_process';
import { ensureRic, ricBinPath } from './ensure-ric.mjs';
import { RuntimeApiServer, type InvocationOutcome } from './runtime-api-server.js';

/** An unpacked Lambda artifact running inside aws-lambda-ric, fed by a local Runtime API. */
export interface RunningLambda {
  invoke(event: unknown): Promise<InvocationOutcome>;
  /** What the runtime process wrote to stdout and stderr. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts aws-lambda-ric on a directory holding an unpacked zip, with the handler the
 * template names (`index.handler`) and the environment Lambda gives a function, plus `env`
 * (the template's variables). Nothing from this workspace is on its module path: the
 * artifact must carry everything it loads.
 */
export async function runLambdaDir(dir: string, functionName: string, options: { env?: Record<string, string>; timeoutMs?: number; memoryMb?: number } = {}): Promise<RunningLambda> {
  await ensureRic();
  const server = await RuntimeApiServer.start(functionName);
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [ricBinPath(), 'index.handler'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      AWS_LAMBDA_RUNTIME_API: server.address,
      LAMBDA_TASK_ROOT: dir,
      _HANDLER: 'index.handler',
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb ?? 256),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]0',
      ...options.env,
    },
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code, signal) => server.fail(new Error(`aws-lambda-ric exited (code ${code}, signal ${signal}):\n${output.slice(-2000)}`)));
  return {
    invoke: (event) => server.invoke(event, options.timeoutMs ?? 30_000),
    output: () => output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await server.close();
    },
  };
}
