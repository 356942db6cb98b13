import { Readable } from 'node:stream';

/** How long `@google-cloud/storage` waits for a request by default (its `timeout` option). */
export const SDK_REQUEST_TIMEOUT_MS = 60_000;

/**
 * Passes a download's bytes on, and fails it with `ETIMEDOUT` when the reader has asked
 * for more and nothing came for `idleMs`.
 *
 * Why: the SDK reads through node-fetch 2, which pipes the HTTP response into a
 * PassThrough. When the connection closes before all `Content-Length` bytes arrived, the
 * response fails but the PassThrough neither ends nor fails, so a reader would wait
 * forever (seen with the fault proxy in test/reliability). JSON answers have the SDK's
 * request timeout for this; a media body has none, so this gives it the same one.
 * The timer runs only while the reader waits: a slow reader is never a stall.
 */
export function stallGuard(source: Readable, idleMs: number): Readable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quiet = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const guarded = new Readable({
    read() {
      source.resume();
      timer ??= setTimeout(() => guarded.destroy(stalled(idleMs)), idleMs);
      timer.unref?.();
    },
    destroy(error, callback) {
      quiet();
      source.destroy();
      callback(error);
    },
  });
  source.on('data', (chunk: Buffer) => {
    quiet();
    if (!guarded.push(chunk)) source.pause();
  });
  let ended = false;
  source.once('end', () => {
    ended = true;
    quiet();
    guarded.push(null);
  });
  source.on('error', (error) => guarded.destroy(error));
  // Destroyed without an error (by whoever holds it): the reader must not wait for more.
  source.once('close', () => {
    if (!ended && !guarded.destroyed) guarded.destroy(Object.assign(new Error('the download closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  });
  return guarded;
}

function stalled(idleMs: number): Error {
  return Object.assign(new Error(`the download received nothing for ${idleMs} ms: the connection stalled or closed early`), { code: 'ETIMEDOUT' });
}
