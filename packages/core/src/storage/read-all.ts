/** Reads a stream to the end into one array. For bodies the caller chose to hold in memory. */
export async function readAllBytes(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  // A plain Uint8Array whatever the driver's chunks were (Node streams yield Buffers), so
  // every driver returns the same type.
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
