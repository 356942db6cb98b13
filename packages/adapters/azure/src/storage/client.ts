/**
 * How an {@link AzureBlobDriver} reaches its container: an injected client, or what is
 * needed to make one once the SDK is loaded.
 */
import type { BlobServiceClient, ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import type { BlobSdkModule } from './sdk.js';

/**
 * A credential for a blob service URL: a `StorageSharedKeyCredential` (the only kind that
 * can sign URLs), an `AnonymousCredential`, or any Entra ID `TokenCredential`, such as
 * `new ManagedIdentityCredential()` from `@azure/identity` (which this package does not need).
 */
export type AzureBlobCredential = ContainerClient['credential'];

/** Use this container client as it is (its credential decides whether URLs can be signed). */
export interface ContainerClientTarget {
  containerClient: ContainerClient;
}

/** Use a container of this service client. */
export interface ServiceClientTarget {
  serviceClient: BlobServiceClient;
  container: string;
}

/** Connect with a connection string (`AccountName=…;AccountKey=…`, `UseDevelopmentStorage=true`, SAS). */
export interface ConnectionStringTarget {
  connectionString: string;
  container: string;
  /** Pipeline options. Without `retryOptions` the client tries each request once (see {@link makeContainerClient}). */
  clientOptions?: StoragePipelineOptions;
}

/**
 * Connect to a blob service URL (`https://<account>.blob.core.windows.net`, or Azurite's
 * `http://127.0.0.1:10000/devstoreaccount1`; a SAS may be in its query) with an account
 * key, a credential, or neither (anonymous: public containers, or a SAS in the URL).
 */
export interface EndpointTarget {
  endpoint: string;
  container: string;
  /** Account name and base64 key; the driver makes the `StorageSharedKeyCredential` once the SDK is loaded. */
  sharedKey?: { account: string; key: string };
  credential?: AzureBlobCredential;
  /** Pipeline options. Without `retryOptions` the client tries each request once (see {@link makeContainerClient}). */
  clientOptions?: StoragePipelineOptions;
}

/** Where a driver's container is. */
export type AzureBlobTarget = ContainerClientTarget | ServiceClientTarget | ConnectionStringTarget | EndpointTarget;

/**
 * Makes the container client for a target (the SDK must be loaded). An injected client
 * is used as configured. A client made here makes one try per request
 * (`retryOptions.maxTries: 1`) unless `clientOptions.retryOptions` says otherwise, or
 * `sdkRetries` asks for the SDK's default policy: the portable layer retries whole calls
 * within the caller's deadline, and the SDK retrying inside each would multiply attempts.
 */
export function makeContainerClient(sdk: BlobSdkModule, target: AzureBlobTarget, sdkRetries = false): ContainerClient {
  if ('containerClient' in target) return target.containerClient;
  if ('serviceClient' in target) return target.serviceClient.getContainerClient(target.container);
  const clientOptions: StoragePipelineOptions = sdkRetries || target.clientOptions?.retryOptions
    ? { ...target.clientOptions }
    : { ...target.clientOptions, retryOptions: { maxTries: 1 } };
  if ('connectionString' in target) {
    return sdk.BlobServiceClient.fromConnectionString(target.connectionString, clientOptions)
      .getContainerClient(target.container);
  }
  const credential = target.sharedKey
    ? new sdk.StorageSharedKeyCredential(target.sharedKey.account, target.sharedKey.key)
    : target.credential;
  return new sdk.BlobServiceClient(target.endpoint, credential, clientOptions).getContainerClient(target.container);
}

/**
 * True when the target's requests are signed with an account key, so SAS URLs can be
 * made. Decided without loading the SDK (duck typing), because capabilities are read
 * before the first call.
 */
export function signsWithSharedKey(target: AzureBlobTarget): boolean {
  if ('containerClient' in target) return isSharedKey(target.containerClient.credential);
  if ('serviceClient' in target) return isSharedKey(target.serviceClient.credential);
  if ('connectionString' in target) return /(^|;)\s*(AccountKey=|UseDevelopmentStorage=true)/i.test(target.connectionString);
  return target.sharedKey !== undefined || isSharedKey(target.credential);
}

function isSharedKey(credential: unknown): boolean {
  const candidate = credential as { accountName?: unknown; computeHMACSHA256?: unknown } | undefined;
  return typeof candidate?.accountName === 'string' && typeof candidate.computeHMACSHA256 === 'function';
}
