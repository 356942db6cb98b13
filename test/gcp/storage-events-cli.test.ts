import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_MESSAGE, echoObjectFunction } from '../fixtures/gcp/echo-object-function.js';
import { startCliFunction, type CliFunction } from './cli-function.js';
import { deliverCloudEvent, deliverLegacyEvent } from './event-sender.js';
import { derivedFixture, vendorFixture } from './fixtures.js';

type LogLine = Record<string, unknown>;

/**
 * The deployment shape: an esbuild bundle that registers an object function, served by
 * `functions-framework --signature-type=cloudevent` in a child process with Cloud Run's
 * environment (NODE_ENV=production, LOG_EXECUTION_ID=true). The function logs what it got.
 */
describe('gcp: storage events through the functions-framework CLI on a bundle', () => {
  let running: CliFunction;
  beforeAll(async () => {
    running = await startCliFunction(echoObjectFunction, { env: { LOG_LEVEL: 'debug', FAASADE_BUCKET_IMAGES: 'gs://some-bucket' } });
  });
  afterAll(() => running?.close());

  const unicodeKey = 'uploads/Été 2024/café au lait #1 (copy) 100%.jpg';

  it('hands a binary-mode event to the handler as the neutral event, the CloudEvent id as invocation id', async () => {
    const event = derivedFixture('storage-finalized-unicode-key.json');
    expect((await deliverCloudEvent(running.port, event, 'binary')).status).toBe(204);
    const line = await logLine(running, (entry) => entry.message === ECHO_MESSAGE && entry.invocationId === event.id);
    expect(line).toMatchObject({
      sawCloudEvent: true,
      cloud: 'gcp',
      event: { type: 'object.created', source: 'gs://some-bucket', subject: unicodeKey, data: { bucket: 'some-bucket', key: unicodeKey, size: 352, versionId: '1587627537231057' } },
    });
    // The framework labels the line with its execution id, as Cloud Logging shows it.
    expect(line['logging.googleapis.com/labels']).toEqual({ execution_id: expect.any(String) });
  });

  it('converts a legacy background event before the handler sees it', async () => {
    const event = derivedFixture('storage-legacy-finalize-unicode-key.json');
    const legacyId = (event.context as { eventId: string }).eventId;
    // The same id as the binary-mode event above: find the second line with it.
    expect((await deliverLegacyEvent(running.port, event)).status).toBe(204);
    await logLine(running, (entry) => entry.message === ECHO_MESSAGE && entry.invocationId === legacyId, 2);
  });

  it('acknowledges and skips the conformance event, outside the uploads/ prefix, with a debug line', async () => {
    const event = vendorFixture('conformance/storage-cloudevent-input.json');
    expect((await deliverCloudEvent(running.port, event, 'structured')).status).toBe(204);
    await logLine(running, (entry) => entry.level === 'debug' && entry.reason === 'prefix' && entry.eventId === event.id);
  });

  it('acknowledges a malformed event with an error line naming the field', async () => {
    expect((await deliverCloudEvent(running.port, derivedFixture('storage-malformed-no-name.json'), 'binary')).status).toBe(204);
    await logLine(running, (entry) => entry.level === 'error' && entry.code === 'MalformedEvent' && entry.path === 'data.name');
  });

  it('fails the invocation with a bare 500 when the handler throws, so Eventarc delivers it again', async () => {
    const event = derivedFixture('storage-finalized-unicode-key.json');
    const failing = { ...event, id: 'fail-1', data: { ...(event.data as object), name: 'uploads/fail.jpg' } };
    expect(await deliverCloudEvent(running.port, failing, 'binary')).toEqual({ status: 500, googleStatus: 'error' });
    await logLine(running, (entry) => entry.level === 'error' && entry.eventId === 'fail-1' && entry.key === 'uploads/fail.jpg');
  });
});

async function logLine(running: CliFunction, match: (entry: LogLine) => boolean, nth = 1): Promise<LogLine> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const found = running.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine).filter(match);
    if (found.length >= nth) return found[nth - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no matching log line in:\n${running.output().slice(-3000)}`);
}
