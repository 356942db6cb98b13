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
  /** Storage events, once @faasade/aws exports them. */
  lambdaObjectHandler?: (fn: FunctionDefinition) => LambdaHandler;
}

/**
 * Runs a recorded Lambda event through the handler a deployment exports
 * (`lambdaHandler(fn)` from @faasade/aws) with a Lambda context, and gives what the Lambda
 * runtime would send back: the handler's result, or on a rejection the runtime's error
 * document `{errorType, errorMessage, trace}` (a failed invocation).
 */
export async function invokeAws(request: InvokeRequest): Promise<InvokeOutcome> {
  const { fn } = request;
  if (request.event === undefined) {
    throw new CliError('EventFileInvalid', 'invoke --cloud aws needs a Lambda event: pass --event <file> (an API Gateway, Function URL or ALB event, or a storage notification)');
  }
  const aws = await importLibrary<AwsAdapter>(request.instance, '@faasade/aws', '@faasade/aws');
  let handler: LambdaHandler;
  if (fn.trigger === 'http') {
    handler = aws.lambdaHandler(fn);
  } else if (typeof aws.lambdaObjectHandler === 'function') {
    handler = aws.lambdaObjectHandler(fn);
  } else {
    throw new CliError('TriggerNotSupported', `invoke --cloud aws cannot run object function "${fn.options.name}" yet: @faasade/aws does not decode S3 events in this version; run it without --cloud (a neutral object event) or with --cloud azure or gcp`);
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
