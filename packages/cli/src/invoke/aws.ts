import type { FunctionDefinition } from '@faasade/core';
import { CliError } from '../errors.js';
import { importLibrary } from './import-library.js';
import type { InvokeOutcome, InvokeRequest } from './types.js';

type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<unknown>;

interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

interface AwsAdapter {
  lambdaHandler(fn: FunctionDefinition): LambdaHandler;
}

/**
 * Runs a recorded Lambda event through the handler a deployment exports
 * (`lambdaHandler(fn)` from @faasade/aws: API Gateway, Function URL and ALB events for HTTP
 * functions; S3 notifications, S3 → SQS, SNS and EventBridge for object functions) with a
 * Lambda context, and gives what the Lambda runtime would send back: the handler's result
 * (`null` for none, `{batchItemFailures}` for SQS), or on a rejection the runtime's error
 * document `{errorType, errorMessage, trace}` (a failed invocation, which Lambda retries).
 */
export async function invokeAws(request: InvokeRequest): Promise<InvokeOutcome> {
  const { fn } = request;
  if (request.event === undefined) {
    throw new CliError('EventFileInvalid', 'invoke --cloud aws needs a Lambda event: pass --event <file> (an API Gateway, Function URL or ALB event, or a storage notification)');
  }
  const aws = await importLibrary<AwsAdapter>(request.instance, '@faasade/aws', '@faasade/aws');
  let handler: LambdaHandler;
  try {
    handler = aws.lambdaHandler(fn);
  } catch (error) {
    // An @faasade/aws from before object functions refuses them: say so rather than fake it.
    throw new CliError('TriggerNotSupported', `the installed @faasade/aws cannot run ${fn.trigger} function "${fn.options.name}" (${(error as Error).message}); update it, or invoke without --cloud`, { cause: error });
  }
  const timeoutMs = (fn.options.timeoutSeconds ?? 60) * 1000;
  const deadline = Date.now() + timeoutMs;
  const requestId = crypto.randomUUID();
  const context: LambdaContext = {
    awsRequestId: requestId,
    functionName: fn.options.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn.options.name}`,
    memoryLimitInMB: String(fn.options.memoryMb ?? 256),
    logGroupName: `/aws/lambda/${fn.options.name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${requestId.replace(/-/g, '')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(request.event, context);
    // The runtime sends JSON.stringify(result); undefined goes out as null.
    return { result: result === undefined ? null : JSON.parse(JSON.stringify(result)), failed: false };
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    const trace = (err.stack ?? '').split('\n').slice(1).map((line) => line.trim());
    return { result: { errorType: err.name, errorMessage: err.message, trace }, failed: true };
  }
}
