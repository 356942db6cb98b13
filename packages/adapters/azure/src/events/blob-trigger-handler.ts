import type { InvocationContext } from '@azure/functions';
import { EventDecodeError, type ObjectFunction } from '@faasade/core';
import { boundBucketName, invokeObjectEvent } from '@faasade/core/adapter';
import { decodeBlobTrigger } from './blob-trigger.js';
import { eventContext } from './run-event.js';

/** The handler `app.storageBlob` takes, as {@link azureBlobTriggerHandler} returns it. */
export type AzureBlobTriggerHandler = (blob: unknown, context: InvocationContext) => Promise<void>;

/**
 * Wraps a faasade object function as an Azure Functions blob trigger handler
 * (`app.storageBlob`). The event comes from the invocation's trigger metadata; the blob's
 * content, which the host has already read into memory, is left alone (the handler reads
 * what it needs through `bucket()`).
 *
 * Failure semantics are the blob trigger's own: any error fails the invocation, and the
 * host tries a blob at most 5 times (host.json `extensions.blobs.maxDequeueCount`) before
 * it writes a message to the `webjobs-blobtrigger-poison` queue. So a handler error is
 * retried a bounded number of times, and so is metadata this adapter cannot read (logged
 * as an `EventDecodeError` naming the field): it ends in the poison queue, kept for
 * inspection, instead of being acknowledged and lost. Blobs outside the function's
 * bucket, prefix or suffix are acknowledged and skipped with a debug log.
 *
 * @example
 * app.storageBlob('thumbnails', { path: 'images/uploads/{name}', connection: 'AzureWebJobsStorage',
 *   handler: azureBlobTriggerHandler(thumbnails) });
 */
export function azureBlobTriggerHandler(fn: ObjectFunction): AzureBlobTriggerHandler {
  return async (blob, context) => {
    const ctx = eventContext(fn, blob, context);
    let event;
    try {
      event = decodeBlobTrigger(context?.triggerMetadata, ctx.invocationId);
    } catch (error) {
      ctx.dispose();
      const code = error instanceof EventDecodeError ? error.code : undefined;
      const path = error instanceof EventDecodeError ? error.path : undefined;
      ctx.log.error('blob trigger invocation not understood; failing it so the host retries, then poisons it', { code, path, error });
      throw error;
    }
    await invokeObjectEvent(fn, event, ctx, boundBucketName(fn.options.bucket));
  };
}
