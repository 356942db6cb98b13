import { fromBlobName } from '../storage/blob-names.js';
import { malformed } from '@faasade/core/adapter';

/** Where a storage event's blob is: its container (the bucket), its key, and the source URI. */
export interface BlobLocation {
  container: string;
  /** The portable key (`fromBlobName` of the blob name: what `Bucket` calls it). */
  key: string;
  /** `azblob://<account>/<container>`, or `azblob://<container>` when the account is unknown. */
  source: string;
}

// https://learn.microsoft.com/azure/event-grid/event-schema-blob-storage: the subject is
// `/blobServices/default/containers/<container>/blobs/<blob name>`, the name as written
// (not percent-encoded, unlike `data.url`), `/` included.
const SUBJECT = /^\/blobServices\/default\/containers\/([^/]+)\/blobs\/(.+)$/s;
// The topic (Event Grid schema) or source (CloudEvents) of a storage account's events.
const ACCOUNT_IN_TOPIC = /\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)/i;

/**
 * Container and key from an Event Grid blob subject; the account from the topic, else
 * from the blob URL. Keys are taken from the subject, never from `data.url`, whose path
 * is percent-encoded and whose host may be a custom domain.
 * @throws EventDecodeError `MalformedEvent` at `subjectPath` for any other subject.
 */
export function locateBlobFromSubject(subject: string, subjectPath: string, topic: string | undefined, url: string | undefined): BlobLocation {
  const match = SUBJECT.exec(subject);
  if (!match) {
    throw malformed(subjectPath, 'expected a blob subject /blobServices/default/containers/<container>/blobs/<name>');
  }
  const container = match[1]!;
  const key = fromBlobName(match[2]!);
  const account = (topic && ACCOUNT_IN_TOPIC.exec(topic)?.[1]) || accountOfUrl(url);
  return { container, key, source: sourceUri(account, container) };
}

/**
 * Container and key from a blob trigger's `BlobTrigger` value, `<container>/<blob name>`.
 * @throws EventDecodeError `MalformedEvent` at `path` when there is no name after the container.
 */
export function locateBlobFromPath(path: string, fieldPath: string, uri: string | undefined): BlobLocation {
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw malformed(fieldPath, 'expected "<container>/<blob name>"');
  const container = path.slice(0, slash);
  return { container, key: fromBlobName(path.slice(slash + 1)), source: sourceUri(accountOfUrl(uri), container) };
}

function sourceUri(account: string | undefined, container: string): string {
  return account ? `azblob://${account}/${container}` : `azblob://${container}`;
}

/**
 * The account of a blob URL: the first host label of a service host (`acct.blob.core.windows.net`,
 * sovereign clouds alike), or the first path segment for an emulator
 * (`http://127.0.0.1:10000/devstoreaccount1/...`). Undefined for a custom domain.
 */
function accountOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const { hostname, pathname } = parsed;
  const emulated = hostname === 'localhost' || /^[\d.]+$/.test(hostname) || hostname.startsWith('[');
  const account = emulated ? pathname.split('/')[1] : /^([a-z0-9]{3,24})\.blob\./.exec(hostname)?.[1];
  return account || undefined;
}
