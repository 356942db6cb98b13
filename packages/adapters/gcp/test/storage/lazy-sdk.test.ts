import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStatusServer, type StatusServer } from './status-server.js';

const probe = fileURLToPath(new URL('./lazy-sdk-probe.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../../', import.meta.url));

describe('@faasade/gcp/gcs loads @google-cloud/storage lazily', () => {
  let server: StatusServer;
  beforeAll(async () => { server = await startStatusServer(404); });
  afterAll(async () => { await server.close(); });

  it('importing the entry and opening buckets loads no Google code; the first call does', async () => {
    // A fresh process: this test runner may already have loaded the SDK for other tests.
    const { stdout } = await promisify(execFile)(
      process.execPath, ['--conditions=source', '--import', 'tsx', probe, server.url],
      { cwd: root, timeout: 60_000 },
    );
    const report = JSON.parse(stdout) as Record<string, number>;
    expect(report.afterImport).toBe(0);
    expect(report.afterOpen).toBe(0);
    // The control: the same check does see the SDK's dependencies once a call was made.
    expect(report.afterFirstCall).toBeGreaterThan(0);
  });
});
