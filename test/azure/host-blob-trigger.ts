import { randomUUID } from 'node:crypto';
import type { FunctionsCoreStandIn } from './functions-core.js';
import type { InvocationRecord } from './host.js';
import { newTraceContext, sysMetadata, triggerOf } from './host-triggers.js';
import type { RpcInvocationRequest, RpcTypedData } from './rpc-types.js';

/** A blob the host noticed, with what its blob trigger sends the worker. */
export interface NoticedBlob {
  container: string;
  /** The blob name, as stored. */
  name: string;
  content: Uint8Array;
  uri: string;
  /** `BlobProperties` as the host serialises them (PascalCase), see {@link hostBlobProperties}. */
  properties: Record<string, unknown>;
  metadata: Record<string, string>;
}

/** What the host did with one blob: the attempts, and whether it gave up (poison queue). */
export interface BlobTriggerRun {
  /** False when the blob does not match the function's path pattern: nothing ran. */
  matched: boolean;
  attempts: InvocationRecord[];
  /** The message written to `webjobs-blobtrigger-poison` after the last failed attempt. */
  poisonMessage?: Record<string, string>;
}

/**
 * The host's blob trigger for one new or changed blob (WebJobs storage extension,
 * `BlobTriggerExecutor` and `BlobQueueTriggerExecutor`): the blob path is matched against
 * the binding's `path` pattern (`{{`/`}}` escape braces; each `{param}` captures), then the
 * function is invoked with the content as bytes and trigger metadata `BlobTrigger`
 * (`<container>/<name>`), `Uri`, `Properties`, `Metadata`, the captured parameters and
 * `sys` (shapes: the vendor fixture functions-rpc-triggermetadata-blobTrigger.input.json).
 * A failed invocation is retried up to `maxDequeueCount` (host.json, default 5) attempts,
 * then a poison message is written and the blob is not tried again.
 */
export async function runBlobTrigger(core: FunctionsCoreStandIn, functionName: string, blob: NoticedBlob, maxDequeueCount = 5): Promise<BlobTriggerRun> {
  const registered = core.functions.get(functionName);
  const trigger = registered && triggerOf(registered.metadata, 'blobTrigger');
  if (!trigger) throw new Error(`function ${functionName} has no blob trigger`);
  const captures = matchBlobPath(String(trigger.properties.path), `${blob.container}/${blob.name}`);
  if (!captures) return { matched: false, attempts: [] };
  const attempts: InvocationRecord[] = [];
  for (let attempt = 1; attempt <= maxDequeueCount; attempt++) {
    const triggerMetadata: Record<string, RpcTypedData> = {
      BlobTrigger: { string: `${blob.container}/${blob.name}` },
      Uri: { json: JSON.stringify(blob.uri) },
      Properties: { json: JSON.stringify(blob.properties) },
      Metadata: { json: JSON.stringify(blob.metadata) },
      sys: sysMetadata(trigger.functionName),
    };
    for (const [key, value] of Object.entries(captures)) triggerMetadata[key] = { string: value };
    const request: RpcInvocationRequest = {
      invocationId: randomUUID(),
      functionId: trigger.functionId,
      inputData: [{ name: trigger.name, data: { bytes: blob.content } }],
      triggerMetadata,
      traceContext: newTraceContext(trigger.functionName),
    };
    const record: InvocationRecord = { request, ...(await core.invoke(request)) };
    attempts.push(record);
    if (record.error === undefined) return { matched: true, attempts };
  }
  const poisonMessage = { Type: 'BlobTrigger', FunctionId: trigger.functionName, BlobType: 'BlockBlob', ContainerName: blob.container, BlobName: blob.name, ETag: String(blob.properties.ETag ?? '') };
  return { matched: true, attempts, poisonMessage };
}

/** Matches `<container>/<name>` against a blob path pattern; returns the captures or undefined. */
export function matchBlobPath(pattern: string, blobPath: string): Record<string, string> | undefined {
  const names: string[] = [];
  let source = '';
  for (let i = 0; i < pattern.length; ) {
    const pair = pattern.slice(i, i + 2);
    if (pair === '{{' || pair === '}}') {
      source += escapeRegExp(pair[0]!);
      i += 2;
    } else if (pattern[i] === '{') {
      const end = pattern.indexOf('}', i);
      names.push(pattern.slice(i + 1, end));
      source += '(.+)';
      i = end + 1;
    } else {
      source += escapeRegExp(pattern[i]!);
      i += 1;
    }
  }
  const match = new RegExp(`^${source}$`, 's').exec(blobPath);
  return match ? Object.fromEntries(names.map((name, index) => [name, match[index + 1]!])) : undefined;
}

/**
 * A blob's properties as the host serialises its `BlobProperties` for the worker: the
 * fields of the vendor fixture, PascalCase, dates as `DateTimeOffset` strings.
 */
export function hostBlobProperties(props: { length: number; contentType: string; etag: string; lastModified: Date; createdOn?: Date; contentMD5?: string }): Record<string, unknown> {
  const offset = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return {
    CacheControl: null, ContentDisposition: null, ContentEncoding: null, ContentLanguage: null,
    Length: props.length, ContentMD5: props.contentMD5 ?? null, ContentType: props.contentType, ETag: props.etag,
    Created: offset(props.createdOn ?? props.lastModified), LastModified: offset(props.lastModified),
    BlobType: 2, LeaseStatus: 2, LeaseState: 1, LeaseDuration: 0, PageBlobSequenceNumber: null,
    AppendBlobCommittedBlockCount: null, IsServerEncrypted: true, EncryptionScope: null, IsIncrementalCopy: false,
    StandardBlobTier: 0, RehydrationStatus: null, PremiumPageBlobTier: null, BlobTierInferred: false,
    BlobTierLastModifiedTime: null, DeletedTime: null, RemainingDaysBeforePermanentDelete: null,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
