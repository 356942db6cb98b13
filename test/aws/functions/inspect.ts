import { json, onHttp } from '@faasade/core';
import { awsPlatform } from '@faasade/aws';

/**
 * Reports what the adapter put in the context, so tests can check it against what the
 * Runtime API server sent: invocation id, deadline, cold start, the raw event and context.
 */
export const inspectFunction = onHttp({ name: 'inspect', route: '/inspect' }, (request, ctx) => {
  const platform = awsPlatform(ctx);
  return json({
    invocationId: ctx.invocationId,
    functionName: ctx.functionName,
    cloud: ctx.cloud,
    deadline: ctx.deadline,
    remainingMs: ctx.remainingMs(),
    coldStart: ctx.coldStart,
    url: request.url,
    platformRequestId: platform?.context.awsRequestId,
    invokedFunctionArn: platform?.context.invokedFunctionArn,
    eventKeys: platform ? Object.keys(platform.event as object).sort() : null,
  });
});
