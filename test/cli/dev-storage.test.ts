import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, greetModule, recorderModule, writerModule, type Project } from './project.js';
import { seen, startDev, type DevProcess } from './cli-process.js';

describe('faasade dev: storage events', () => {
  let project: Project;
  let dev: DevProcess;
  const bucketDir = (): string => project.path('.faasade', 'buckets', 'files');
  const seenKey = (key: string, type = 'object.created') => (r: Record<string, unknown>) => r.kind === 'log' && r.message === 'seen' && r.key === key && r.type === type;

  beforeAll(async () => {
    project = await createProject({
      'faasade.config.json': JSON.stringify({ functions: ['functions/*'] }),
      'functions/recorder.ts': recorderModule,
      'functions/writer.ts': writerModule,
      'functions/greet.ts': greetModule(1),
    });
    dev = await startDev(project.dir);
  });
  afterAll(async () => {
    await dev?.stop();
    await project?.remove();
  });

  it('fires an event when a file is dropped into the bucket directory by hand, with its size', async () => {
    await mkdir(`${bucketDir()}/in%`, { recursive: true });
    await writeFile(`${bucketDir()}/in%/dropped.txt`, 'twelve bytes');
    const event = await dev.waitFor(seenKey('in/dropped.txt'), 'the event for in/dropped.txt');
    expect(event).toMatchObject({ bucket: 'files', size: 12 });
    const invocation = await dev.waitFor((r) => r.kind === 'invocation' && r.invocationId === event.invocationId, 'its invocation line');
    expect(invocation).toMatchObject({ function: 'recorder', trigger: 'object', status: 'ok', subject: 'object.created files/in/dropped.txt' });
  });

  it('stores a file dropped into a plain folder under the key its path names, then fires for it', async () => {
    await mkdir(`${bucketDir()}/in/sub`, { recursive: true });
    await writeFile(`${bucketDir()}/in/sub/plain folder.txt`, 'abc');
    await expect(dev.waitFor(seenKey('in/sub/plain folder.txt'), 'the event for the plain-folder drop')).resolves.toMatchObject({ size: 3 });
  });

  it('fires created and deleted for writes through the storage API, one event per write, in order per key', async () => {
    const before = dev.records.length;
    expect((await fetch(`${dev.url}/objects/in/api.txt`, { method: 'PUT', body: 'v1' })).status).toBe(200);
    await dev.waitFor(seenKey('in/api.txt'), 'the created event', before);
    expect((await fetch(`${dev.url}/objects/in/api.txt`, { method: 'DELETE' })).status).toBe(200);
    await dev.waitFor(seenKey('in/api.txt', 'object.deleted'), 'the deleted event', before);
    // A later write proves the watcher has looked at everything before it.
    await fetch(`${dev.url}/objects/in/marker.txt`, { method: 'PUT', body: 'm' });
    await dev.waitFor(seenKey('in/marker.txt'), 'the marker event', before);
    const forKey = seen(dev.records.slice(before)).filter((r) => r.key === 'in/api.txt').map((r) => r.type);
    expect(forKey).toEqual(['object.created', 'object.deleted']);
  });

  it('applies the declaration filters: nothing outside the prefix reaches the function', async () => {
    const before = dev.records.length;
    await fetch(`${dev.url}/objects/out/ignored.txt`, { method: 'PUT', body: 'x' });
    await fetch(`${dev.url}/objects/in/after-ignored.txt`, { method: 'PUT', body: 'x' });
    await dev.waitFor(seenKey('in/after-ignored.txt'), 'the event after the ignored one', before);
    expect(seen(dev.records.slice(before)).map((r) => r.key)).toEqual(['in/after-ignored.txt']);
  });

  it('delivers one event at a time per function instance', async () => {
    const before = dev.records.length;
    await Promise.all(['in/slow-1.txt', 'in/slow-2.txt', 'in/slow-3.txt'].map((key) => fetch(`${dev.url}/objects/${key}`, { method: 'PUT', body: key })));
    for (const key of ['in/slow-1.txt', 'in/slow-2.txt', 'in/slow-3.txt']) await dev.waitFor(seenKey(key), `the event for ${key}`, before);
    expect(seen(dev.records.slice(before)).map((r) => r.concurrent)).toEqual([1, 1, 1]);
  });

  it('delivers a failed event again, with the same id, at least once', async () => {
    const before = dev.records.length;
    await fetch(`${dev.url}/objects/in/fail-once.txt`, { method: 'PUT', body: 'x' });
    const failed = await dev.waitFor((r) => r.kind === 'invocation' && r.status === 'failed' && String(r.subject).endsWith('in/fail-once.txt'), 'the failed delivery', before);
    expect(failed).toMatchObject({ attempt: 1 });
    expect(typeof failed.retryInMs).toBe('number');
    const retried = await dev.waitFor((r) => r.kind === 'invocation' && r.status === 'ok' && String(r.subject).endsWith('in/fail-once.txt'), 'the redelivery', before);
    expect(retried).toMatchObject({ attempt: 2 });
    const ids = seen(dev.records.slice(before)).filter((r) => r.key === 'in/fail-once.txt').map((r) => r.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('reports a bucket directory that disappears, keeps serving, and resumes events when it is back', async () => {
    const before = dev.records.length;
    await rm(bucketDir(), { recursive: true, force: true });
    const problem = await dev.waitFor((r) => r.kind === 'error' && r.code === 'BucketUnavailable', 'the BucketUnavailable report', before);
    expect(String(problem.message)).toContain(bucketDir());
    expect((await fetch(`${dev.url}/greet`)).status).toBe(200);
    await mkdir(bucketDir(), { recursive: true });
    await dev.waitFor((r) => r.kind === 'notice' && r.event === 'bucket-recovered', 'the recovery notice', before);
    await mkdir(`${bucketDir()}/in%`, { recursive: true });
    await writeFile(`${bucketDir()}/in%/back.txt`, 'back');
    await dev.waitFor(seenKey('in/back.txt'), 'an event after the recovery', before);
    expect(dev.child.exitCode).toBeNull();
  });

  it('counts an event whose handler runs past the timeout as failed, redelivers it, and moves on', async () => {
    const before = dev.records.length;
    await fetch(`${dev.url}/objects/in/hang.txt`, { method: 'PUT', body: 'x' });
    await fetch(`${dev.url}/objects/in/after-hang.txt`, { method: 'PUT', body: 'x' });
    const failed = await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'recorder' && String(r.subject).endsWith('in/hang.txt'), 'the timed-out delivery', before);
    expect(failed).toMatchObject({ status: 'failed', attempt: 1 });
    expect(dev.records.slice(before).some((r) => r.kind === 'log' && r.invocationId === undefined && String(r.message).startsWith('timed out after 1 s'))).toBe(true);
    await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'recorder' && String(r.subject).endsWith('in/hang.txt') && r.attempt === 3, 'the last delivery', before);
    await dev.waitFor((r) => r.kind === 'log' && r.message === 'seen' && r.key === 'in/after-hang.txt', 'the next event', before);
  }, 30_000);
});

describe('faasade dev: storage events for a bucket bound by URL', () => {
  it('fires events for writes through the storage API when the bucket is no directory (mem://)', async () => {
    const project = await createProject({
      'faasade.config.json': JSON.stringify({ functions: ['functions/*'], buckets: { files: 'mem://files' } }),
      'functions/recorder.ts': recorderModule,
      'functions/writer.ts': writerModule,
    });
    const dev = await startDev(project.dir);
    try {
      expect(dev.records.find((r) => r.kind === 'notice' && r.event === 'bucket')).toMatchObject({ bucket: 'files', url: 'mem://files' });
      await fetch(`${dev.url}/objects/in/memory.txt`, { method: 'PUT', body: 'in memory' });
      const created = await dev.waitFor((r) => r.kind === 'log' && r.message === 'seen' && r.key === 'in/memory.txt', 'the created event');
      expect(created).toMatchObject({ type: 'object.created', size: 9, bucket: 'files' });
      await fetch(`${dev.url}/objects/in/memory.txt`, { method: 'DELETE' });
      await dev.waitFor((r) => r.kind === 'log' && r.message === 'seen' && r.type === 'object.deleted', 'the deleted event');
      await fetch(`${dev.url}/objects/out/memory.txt`, { method: 'PUT', body: 'x' });
      await fetch(`${dev.url}/objects/in/last.txt`, { method: 'PUT', body: 'x' });
      await dev.waitFor((r) => r.kind === 'log' && r.message === 'seen' && r.key === 'in/last.txt', 'the last event');
      expect(seen(dev.records).map((r) => `${r.type} ${r.key}`)).toEqual(['object.created in/memory.txt', 'object.deleted in/memory.txt', 'object.created in/last.txt']);
    } finally {
      await dev.stop();
      await project.remove();
    }
  });
});

describe('faasade dev --trace', () => {
  it('prints each invocation\'s spans, and an event\'s trace continues the write that caused it', async () => {
    const project = await createProject({
      'faasade.config.json': JSON.stringify({ functions: ['functions/*'] }),
      'functions/recorder.ts': recorderModule,
      'functions/writer.ts': writerModule,
    });
    const dev = await startDev(project.dir, ['--trace']);
    try {
      await fetch(`${dev.url}/objects/in/traced.txt`, { method: 'PUT', body: 'x' });
      const write = await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'writer', 'the writer invocation');
      const event = await dev.waitFor((r) => r.kind === 'invocation' && r.function === 'recorder', 'the recorder invocation');
      const writeTrace = (write.trace as string[]).join('\n');
      const eventTrace = (event.trace as string[]).join('\n');
      expect(writeTrace).toMatch(/storage put .*in\/traced\.txt/);
      const traceId = /trace ([0-9a-f]{32})/.exec(writeTrace)?.[1];
      expect(traceId).toBeDefined();
      expect(eventTrace).toContain(`trace ${traceId}`);
      expect(eventTrace).toContain('← storage put');
    } finally {
      await dev.stop();
      await project.remove();
    }
  });
});
