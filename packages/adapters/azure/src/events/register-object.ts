import { app } from '@azure/functions';
import { FaasadeConfigError, type ObjectFunction } from '@faasade/core';
import { boundBucketName } from '@faasade/core/adapter';
import { toAzureRoute } from '../route.js';
import { azureBlobTriggerHandler } from './blob-trigger-handler.js';
import { azureEventGridHandler } from './event-grid-handler.js';
import { azureEventGridWebhookHandler } from './webhook-handler.js';

/** How storage events reach an object function on Azure. */
export type AzureObjectTrigger = 'eventGrid' | 'webhook' | 'blob';

/** Registration options that concern object functions. */
export interface AzureObjectRegisterOptions {
  /**
   * How storage events reach the function (default `eventGrid`):
   * - `eventGrid`: the Event Grid trigger (`app.eventGrid`); subscribe the storage account's
   *   events (Event Grid or CloudEvents schema) to `/runtime/webhooks/eventgrid?functionName=<name>`.
   *   Created and deleted events, seconds of latency, the handshake done by the host.
   * - `webhook`: an HTTP trigger at {@link webhookRoute} that Event Grid posts to; this
   *   adapter answers the handshakes and decides retries per delivery (see `azureEventGridWebhookHandler`).
   * - `blob`: the blob trigger (`app.storageBlob`) on `<container>/<prefix>{name}<suffix>`;
   *   created blobs only, and the host reads each blob into memory before the function runs.
   */
  objectTrigger?: AzureObjectTrigger;
  /** Webhook route, under the host's `api/` prefix (default `/events/<function name>`). */
  webhookRoute?: string;
  /** Blob trigger: the app setting (prefix) holding the storage connection (default `AzureWebJobsStorage`). */
  connection?: string;
  /** Blob trigger: the container, when `FAASADE_BUCKET_<NAME>` does not name it at start-up. */
  container?: string;
  /** Blob trigger: `EventGrid` (required on Flex Consumption) or the host's default polling, `LogsAndContainerScan`. */
  blobSource?: 'EventGrid' | 'LogsAndContainerScan';
  /** Webhook: the key the host demands (default `function`: Event Grid calls the URL with `?code=`). */
  authLevel?: 'anonymous' | 'function' | 'admin';
}

// https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#container-names
const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$|^\$root$/;

/**
 * Registers one object function with Azure Functions in the chosen style (the Event Grid
 * trigger unless {@link AzureObjectRegisterOptions.objectTrigger} says otherwise). This
 * entry point (`@faasade/azure/object`) carries no HTTP translation beyond the webhook's;
 * `registerAzureFunction` from `@faasade/azure` takes either kind of function.
 *
 * @example
 * import { registerAzureObjectFunction } from '@faasade/azure/object';
 * registerAzureObjectFunction(renditions, { objectTrigger: 'blob' });
 * @throws FaasadeConfigError when `fn` is not an object function, or for options Azure
 *   cannot honour (a blob trigger for deletions, or without a container).
 */
export function registerAzureObjectFunction(fn: ObjectFunction, options: AzureObjectRegisterOptions = {}): void {
  if (fn?.trigger !== 'object') {
    const other = fn as { trigger?: unknown; options?: { name?: unknown } } | undefined;
    throw new FaasadeConfigError(`function "${String(other?.options?.name)}": registerAzureObjectFunction takes object functions, not ${JSON.stringify(other?.trigger)} triggers`);
  }
  registerObjectFunction(fn, options);
}

/** Registers an object function in the chosen style. @throws FaasadeConfigError for options Azure cannot honour. */
export function registerObjectFunction(fn: ObjectFunction, options: AzureObjectRegisterOptions): void {
  const style = options.objectTrigger ?? 'eventGrid';
  const name = fn.options.name;
  if (style === 'eventGrid') {
    app.eventGrid(name, { handler: azureEventGridHandler(fn) });
  } else if (style === 'webhook') {
    app.http(name, {
      route: toAzureRoute(options.webhookRoute ?? `/events/${name}`),
      methods: ['POST', 'OPTIONS'],
      authLevel: options.authLevel ?? 'function',
      handler: azureEventGridWebhookHandler(fn),
    });
  } else if (style === 'blob') {
    app.storageBlob(name, {
      path: blobTriggerPath(fn, options),
      connection: options.connection ?? 'AzureWebJobsStorage',
      ...(options.blobSource ? { source: options.blobSource } : {}),
      handler: azureBlobTriggerHandler(fn),
    });
  } else {
    throw new FaasadeConfigError(`function "${name}": objectTrigger must be "eventGrid", "webhook" or "blob", not ${JSON.stringify(style)}`);
  }
}

/**
 * The blob trigger's path pattern: `<container>/<prefix>{name}<suffix>`, with `{` and `}`
 * of the prefix and suffix doubled (the pattern's escape), so the host filters by prefix
 * and suffix as the declaration does.
 */
export function blobTriggerPath(
  fn: ObjectFunction,
  options: Pick<AzureObjectRegisterOptions, 'container'> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const { name, bucket, events = ['created'], prefix = '', suffix = '' } = fn.options;
  if (events.includes('deleted')) {
    throw new FaasadeConfigError(`function "${name}": the blob trigger never reports deletions; use objectTrigger "eventGrid" for "deleted" events`);
  }
  const container = options.container ?? boundBucketName(bucket, env);
  if (container === undefined) {
    throw new FaasadeConfigError(`function "${name}": the blob trigger needs the container: set FAASADE_BUCKET_${bucket.toUpperCase().replace(/-/g, '_')} or the container option`);
  }
  if (!CONTAINER_NAME.test(container)) {
    throw new FaasadeConfigError(`function "${name}": "${container}" is not a blob container name`);
  }
  const escape = (text: string) => text.replace(/[{}]/g, (brace) => brace + brace);
  return `${container}/${escape(prefix)}{name}${escape(suffix)}`;
}
