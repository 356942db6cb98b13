import { json, onHttp } from '@faasade/core';
import { awsPlatform } from '@faasade/aws';

/**
 * Reports what the adapter put in the context, so tests can check it against what the
 * Runtime API server sent: invocation id, deadline, cold start, the raw event and context.
 * It reads the URL and every header, so an event whose headers cannot be read is refused.
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
    headerCount: [...request.headers].length,
    platformRequestId: platform?.context.awsRequestId,
    invokedFunctionArn: platform?.context.invokedFunctionArn,
    eventKeys: platform ? Object.keys(platform.event as object).sort() : null,
  });
});
