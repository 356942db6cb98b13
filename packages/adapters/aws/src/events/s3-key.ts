import { malformed } from '@faasade/core/adapter';

/**
 * The object key of an S3 event notification, decoded. S3 writes keys there
 * form-URL-encoded: a space becomes `+`, a `+` becomes `%2B`, and other reserved or
 * non-ASCII characters become `%xx` escapes of their UTF-8 bytes (`été.jpg` →
 * `%C3%A9t%C3%A9.jpg`). So `+` is turned into a space first, then the escapes are undone;
 * the other order would turn a real `+` (`%2B`) into a space.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 *
 * EventBridge's "Object Created" events carry the key as it is: never pass those here.
 *
 * @param path Where the key is in the payload, for the error.
 * @throws EventDecodeError `MalformedEvent` when an escape is broken (`%G1`, a lone `%`)
 *   or its bytes are not UTF-8: S3 never writes such a key, and guessing would act on the
 *   wrong object.
 */
export function decodeS3Key(encoded: string, path: string): string {
  const spaced = encoded.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    throw malformed(path, 'the key is not a valid URL-encoded S3 key (a broken %xx escape or bytes that are not UTF-8)');
  }
}
